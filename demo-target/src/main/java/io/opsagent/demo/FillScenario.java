package io.opsagent.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fills the heap to {@code percent} of its max with live {@link DemoLeakedRecord}s, quickly: the "heap in trouble" case.
 * {@code record} sets each record's payload in bytes (default 100000): small records make the many-object heaps
 * real services have, whose dumps are slower to write than a few large arrays.
 */
final class FillScenario implements Scenario {
    static final List<DemoLeakedRecord> HELD = new ArrayList<>();

    @Override
    public String start(Map<String, String> p) {
        long percent = Scenario.param(p, "percent", 90);
        long target = Runtime.getRuntime().maxMemory() * percent / 100;
        int record = (int) Math.max(0, Math.min(100_000_000, Scenario.param(p, "record", 100_000)));
        long perRecord = record + 48; // the record, its array's header and the list slot, roughly
        long held = 0;
        int records = 0;
        synchronized (HELD) {
            for (; held < target; records++) {
                HELD.add(new DemoLeakedRecord(record));
                held += perRecord;
            }
        }
        System.gc();
        return "holding " + held + " bytes (" + percent + "% of the max heap) in " + records + " records";
    }

    @Override
    public void stop() {
        synchronized (HELD) {
            HELD.clear();
        }
    }
}
