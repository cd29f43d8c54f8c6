package io.opsagent.leak;

import io.opsagent.gc.GcEvent;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Which collections reclaim old space, per collector (HotSpot names, checked at run time):
 * Serial/Parallel/CMS majors, G1 full collections, G1 young or concurrent-phase collections across
 * which the old pool shrank (mixed; JDK 17 reports those like young ones), and each ZGC or
 * Shenandoah cycle. The "… Pauses" beans report no pool usage and are ignored.
 */
final class FloorRule {
    /** What one collection means for the floor. */
    enum Kind {
        /** Not a floor (young collection, pause bean, unknown pool). */
        NONE,
        /** A collection that reclaims the whole old space: a floor on its own. */
        FULL,
        /** Part of a G1 mixed phase: consecutive ones are one floor, the last (lowest) of them. */
        MIXED
    }

    static final List<String> OLD_POOLS = Arrays.asList("Tenured Gen", "PS Old Gen", "G1 Old Gen", "CMS Old Gen",
            "ZGC Old Generation", "ZHeap", "Shenandoah", "Shenandoah Old Gen");
    private static final List<String> FULL_COLLECTORS = Arrays.asList("MarkSweepCompact", "PS MarkSweep",
            "ConcurrentMarkSweep", "G1 Old Generation", "ZGC Cycles", "ZGC Major Cycles", "Shenandoah Cycles");
    private static final List<String> MIXED_COLLECTORS = Arrays.asList("G1 Young Generation", "G1 Concurrent GC");

    private static final List<String> CONCURRENT_CYCLES = Arrays.asList("ZGC Cycles", "ZGC Major Cycles", "Shenandoah Cycles");

    private FloorRule() {
    }

    static Kind classify(GcEvent e) {
        String pool = oldPool(e);
        if (pool == null) {
            return Kind.NONE;
        }
        GcEvent.Pool p = e.pools.get(pool);
        if (FULL_COLLECTORS.contains(e.collector)) {
            return p.usedAfter > 0 ? Kind.FULL : Kind.NONE;
        }
        if (MIXED_COLLECTORS.contains(e.collector)) {
            return p.usedAfter < p.usedBefore ? Kind.MIXED : Kind.NONE;
        }
        // Collectors this table does not know yet: trust the JVM's own word "major".
        return e.action != null && e.action.contains("major") && p.usedAfter > 0 ? Kind.FULL : Kind.NONE;
    }

    /**
     * A young collection of a generational collector that reports its old pool (G1, Parallel, Serial,
     * CMS, generational ZGC's minor cycles): the old pool after it is an upper bound of the live old
     * data. Single-pool concurrent collectors' cycles and pause beans are left out: their one pool
     * holds young data too.
     */
    static boolean youngWithOldPool(GcEvent e) {
        if (e.collector.equals("ZGC Minor Cycles")) {
            // Generational ZGC: between major cycles the old generation only grows by promotion.
            return e.pools.containsKey("ZGC Old Generation");
        }
        return (e.pools.containsKey("G1 Old Gen") || e.pools.containsKey("PS Old Gen") || e.pools.containsKey("Tenured Gen")
                || e.pools.containsKey("CMS Old Gen")) && !FULL_COLLECTORS.contains(e.collector) && !e.collector.contains("Pauses");
    }

    /**
     * The end of a G1 concurrent marking cycle, from the "G1 Concurrent GC" bean (JDK 20+, JDK-8297247):
     * its Remark pause frees every old region marking found empty, so the old pool after it is the
     * live old data at the cycle's start plus what was promoted while it marked, without any garbage
     * that filled whole regions. Measured on JDK 25, G1 512 MiB, 1 MiB/s leak and a 20 MB working set:
     * 146 MiB after Remark with 145 MiB live, where young collections read 176.
     */
    static boolean endOfMarking(GcEvent e) {
        return e.collector.equals("G1 Concurrent GC") && e.pools.containsKey("G1 Old Gen");
    }

    /** A concurrent collector's cycle: its "after" includes what was allocated while it ran. */
    static boolean concurrentCycle(GcEvent e) {
        return CONCURRENT_CYCLES.contains(e.collector);
    }

    /** The old (or only) heap pool the event reports, or null. */
    static String oldPool(GcEvent e) {
        for (String name : OLD_POOLS) {
            if (e.pools.containsKey(name)) {
                return name;
            }
        }
        return null;
    }

    /** A short collector label for the report, from the GarbageCollectorMXBean names. */
    static String collectorLabel(Collection<String> beanNames) {
        for (String n : beanNames) {
            if (n.startsWith("G1")) {
                return "G1";
            }
            if (n.startsWith("PS ")) {
                return "Parallel";
            }
            if (n.equals("MarkSweepCompact")) {
                return "Serial";
            }
            if (n.equals("ConcurrentMarkSweep")) {
                return "CMS";
            }
            if (n.equals("ZGC Major Cycles") || n.equals("ZGC Minor Cycles")) {
                return "ZGC (generational)";
            }
            if (n.startsWith("ZGC")) {
                return "ZGC";
            }
            if (n.startsWith("Shenandoah")) {
                return "Shenandoah";
            }
            if (n.startsWith("Epsilon")) {
                return "Epsilon";
            }
        }
        return beanNames.isEmpty() ? "unknown" : String.join(", ", beanNames);
    }
}
