package io.opsagent.health.checks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;

/**
 * Heap still in use after the last collection, as a share of the maximum heap: the floor the
 * application cannot get below, which a sawtooth of garbage does not move.
 */
final class HeapCheck implements Check {
    @Override
    public Observation measure(CheckSpec spec, int timeoutMillis) {
        long afterGc = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                MemoryUsage u = p.getCollectionUsage();
                if (u != null) {
                    afterGc += u.getUsed();
                }
            }
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long max = heap.getMax() > 0 ? heap.getMax() : heap.getCommitted();
        double pct = Math.round(afterGc * 1000.0 / max) / 10.0;
        return Observation.of(pct, (afterGc >> 20) + " MiB used after the last GC of " + (max >> 20) + " MiB max");
    }
}
