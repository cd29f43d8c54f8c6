package io.opsagent.profile.sites;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/** The process's CPU use over a span, in cores (1.0 = one core busy), from the JVM's own counter. */
final class CpuMeter {
    private final long cpu0 = processCpuNanos();
    private final long wall0 = System.nanoTime();

    /** Cores used since this meter was made, or -1 where the JVM does not say. */
    double cores() {
        long cpu = processCpuNanos();
        long wall = System.nanoTime() - wall0;
        if (cpu0 < 0 || cpu < 0 || wall <= 0) {
            return -1;
        }
        return Math.round(1000.0 * (cpu - cpu0) / wall) / 1000.0;
    }

    static long processCpuNanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        }
        return -1;
    }
}
