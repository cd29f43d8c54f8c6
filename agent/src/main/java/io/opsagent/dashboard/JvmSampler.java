package io.opsagent.dashboard;

import io.opsagent.gc.GcEvent;
import io.opsagent.gc.GcEvents;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Reads heap, pools, collectors, threads, CPU and classes from the platform MXBeans into a {@link JvmSample}.
 * Runs on the agent's scheduler thread only (it keeps the previous CPU reading); the GC subscriber runs on the
 * JVM's notification thread and only raises a per-collector maximum, without allocating.
 */
final class JvmSampler implements GcEvents.Subscriber {
    private static final Thread.State[] STATES = Thread.State.values();

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
    private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    private final int processors = Math.max(1, Runtime.getRuntime().availableProcessors());
    /** Null where the JVM has no com.sun.management (not HotSpot or OpenJ9): CPU then reads as unknown. */
    private final com.sun.management.OperatingSystemMXBean sunOs;
    private final String[] poolNames;
    private final boolean[] poolIsHeap;
    private final String[] gcNames;
    private final AtomicLongArray longestSinceLastSample;
    private long lastCpuNanos = -1;
    private long lastWallNanos;

    JvmSampler() {
        poolNames = new String[pools.size()];
        poolIsHeap = new boolean[pools.size()];
        for (int i = 0; i < poolNames.length; i++) {
            poolNames[i] = pools.get(i).getName();
            poolIsHeap[i] = pools.get(i).getType() == MemoryType.HEAP;
        }
        gcNames = new String[collectors.size()];
        for (int i = 0; i < gcNames.length; i++) {
            gcNames[i] = collectors.get(i).getName();
        }
        longestSinceLastSample = new AtomicLongArray(gcNames.length);
        sunOs = sunOsBean(os);
    }

    @Override
    public void collected(GcEvent event) {
        for (int i = 0; i < gcNames.length; i++) {
            if (gcNames[i].equals(event.collector)) {
                long d = event.durationMillis;
                long seen;
                while (d > (seen = longestSinceLastSample.get(i)) && !longestSinceLastSample.compareAndSet(i, seen, d)) {
                    // another collection raced us: read again
                }
                return;
            }
        }
    }

    JvmSample sample() {
        long t0 = System.nanoTime();
        long now = System.currentTimeMillis();
        MemoryUsage heap = memory.getHeapMemoryUsage();
        MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
        long[][] p = new long[3][poolNames.length];
        for (int i = 0; i < poolNames.length; i++) {
            MemoryUsage u = usage(pools.get(i));
            p[0][i] = u == null ? -1 : u.getUsed();
            p[1][i] = u == null ? -1 : u.getCommitted();
            p[2][i] = u == null ? -1 : u.getMax();
        }
        long[][] g = new long[3][gcNames.length];
        for (int i = 0; i < gcNames.length; i++) {
            g[0][i] = collectors.get(i).getCollectionCount();
            g[1][i] = collectors.get(i).getCollectionTime();
            g[2][i] = longestSinceLastSample.getAndSet(i, 0);
        }
        int[] states = new int[STATES.length];
        int daemons = threads.getDaemonThreadCount();
        // Depth 0: states only, no stacks, so this stays cheap even with thousands of threads.
        for (ThreadInfo ti : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
            if (ti != null) {
                states[ti.getThreadState().ordinal()]++;
            }
        }
        double cpu = processCpu(t0);
        double sys = sunOs == null ? -1 : sunOs.getSystemCpuLoad();
        return new JvmSample(now, new long[] {heap.getUsed(), heap.getCommitted(), heap.getMax()},
                new long[] {nonHeap.getUsed(), nonHeap.getCommitted()}, poolNames, poolIsHeap, p, gcNames, g, states, daemons,
                cpu, sys < 0 || Double.isNaN(sys) ? -1 : sys, classes.getLoadedClassCount(), classes.getUnloadedClassCount(),
                (System.nanoTime() - t0) / 1000);
    }

    /** A pool that became invalid (its memory manager removed) reads as unknown rather than failing the sample. */
    private static MemoryUsage usage(MemoryPoolMXBean pool) {
        try {
            return pool.isValid() ? pool.getUsage() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** CPU used since the last sample; the first sample averages over the JVM's life so far. */
    private double processCpu(long wallNanos) {
        long cpu = sunOs == null ? -1 : sunOs.getProcessCpuTime();
        if (cpu < 0) {
            return -1;
        }
        double share;
        if (lastCpuNanos < 0) {
            long uptimeNanos = ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L;
            share = uptimeNanos <= 0 ? -1 : (double) cpu / uptimeNanos / processors;
        } else {
            long wall = wallNanos - lastWallNanos;
            share = wall <= 0 ? -1 : (double) (cpu - lastCpuNanos) / wall / processors;
        }
        lastCpuNanos = cpu;
        lastWallNanos = wallNanos;
        return share < 0 ? -1 : Math.min(1.0, share);
    }

    /**
     * Called through the interface, not by reflection: reflective calls on JDK 8 to 17 generate an accessor class
     * in a class loader of its own after 15 calls, which an attach/stop loop would see appear.
     */
    private static com.sun.management.OperatingSystemMXBean sunOsBean(OperatingSystemMXBean bean) {
        try {
            return bean instanceof com.sun.management.OperatingSystemMXBean ? (com.sun.management.OperatingSystemMXBean) bean : null;
        } catch (LinkageError e) {
            return null;
        }
    }
}
