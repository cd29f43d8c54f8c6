package io.opsagent.gc;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * GC time as a share of wall time. Concurrent collectors (ZGC, Shenandoah, G1's concurrent cycles)
 * report cycle time, not pause time, so for them this overstates the pause cost; it is still the
 * figure ops compare across JVMs.
 */
public final class GcOverhead {
    private GcOverhead() {
    }

    /** Total collection time in milliseconds over all collectors. */
    public static long totalMillis() {
        long t = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            t += Math.max(0, gc.getCollectionTime());
        }
        return t;
    }

    public static double sinceStart() {
        long up = ManagementFactory.getRuntimeMXBean().getUptime();
        return up <= 0 ? 0 : Math.min(1.0, totalMillis() / (double) up);
    }
}
