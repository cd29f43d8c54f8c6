package io.opsagent.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A steady leak: {@code bytesPerSecond} kept forever in {@link DemoLeakedRecord}s, plus garbage so GCs happen. */
final class LeakScenario implements Scenario {
    static final List<DemoLeakedRecord> KEPT = new ArrayList<>();
    private Ticker ticker;

    @Override
    public String start(Map<String, String> p) {
        long rate = Scenario.param(p, "bytesPerSecond", 200_000);
        int recordBytes = (int) Scenario.param(p, "recordBytes", 1_000);
        long garbage = Scenario.param(p, "garbagePerSecond", 20_000_000);
        final long periodMillis = 20;
        final long perTick = Math.max(1, rate * periodMillis / 1000 / recordBytes);
        final long garbagePerTick = garbage * periodMillis / 1000;
        ticker = new Ticker("demo-leak", periodMillis, () -> {
            synchronized (KEPT) {
                for (int i = 0; i < perTick; i++) {
                    KEPT.add(new DemoLeakedRecord(recordBytes));
                }
            }
            ChurnScenario.garbage(garbagePerTick);
        });
        return "leaking " + (perTick * recordBytes * 1000 / periodMillis) + " bytes/s in DemoLeakedRecord";
    }

    @Override
    public void stop() {
        ticker.stop();
    }
}
