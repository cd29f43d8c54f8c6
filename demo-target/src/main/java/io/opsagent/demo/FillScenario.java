package io.opsagent.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Fills the heap to {@code percent} of its max with live {@link DemoLeakedRecord}s, quickly: the "heap in trouble" case. */
final class FillScenario implements Scenario {
    static final List<DemoLeakedRecord> HELD = new ArrayList<>();

    @Override
    public String start(Map<String, String> p) {
        long percent = Scenario.param(p, "percent", 90);
        long target = Runtime.getRuntime().maxMemory() * percent / 100;
        long held = 0;
        synchronized (HELD) {
            while (held < target) {
                HELD.add(new DemoLeakedRecord(100_000));
                held += 100_000;
            }
        }
        System.gc();
        return "holding " + held + " bytes (" + percent + "% of the max heap)";
    }

    @Override
    public void stop() {
        synchronized (HELD) {
            HELD.clear();
        }
    }
}
