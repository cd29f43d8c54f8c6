package io.opsagent.heap;

import io.opsagent.gc.GcEvent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Old-generation occupancy after a collection, collector-aware. Only collections that clean the
 * old generation say how much of it is really live: a young pause leaves dead old objects in place,
 * and a concurrent collector's pause reports usage mid-cycle. So: full and major collections, whole
 * ZGC and Shenandoah cycles, and G1 young pauses only when they shrank the old generation (mixed).
 */
final class OldGenPools {
    private static final Set<String> CLEANING = new HashSet<String>(Arrays.asList(
            "G1 Old Generation", "G1 Concurrent GC", "PS MarkSweep", "MarkSweepCompact", "ConcurrentMarkSweep",
            "ZGC Cycles", "ZGC Major Cycles", "Shenandoah Cycles", "Shenandoah Old Cycles"));

    private OldGenPools() {
    }

    static boolean isOld(String pool) {
        return pool.endsWith("Old Gen") || pool.equals("Tenured Gen") || pool.equals("ZHeap") || pool.equals("ZGC Old Generation")
                || pool.equals("Shenandoah");
    }

    /** Old-generation used / max after this collection, or null when the collection says nothing about the old generation's floor. */
    static Double occupancyAfter(GcEvent e) {
        Double any = occupancyAfterAny(e);
        return any == null || !cleansOldGen(e.collector, shrankOld(e)) ? null : any;
    }

    /**
     * Old-generation used / max after any collection, young ones included: an upper bound of the live
     * old data (dead old objects stay until the old space is cleaned). Null when the event reports no
     * old pool, or reports it empty before and after (the ZGC and Shenandoah "Pauses" beans).
     */
    static Double occupancyAfterAny(GcEvent e) {
        long used = 0;
        long max = 0;
        boolean reported = false;
        for (Map.Entry<String, GcEvent.Pool> p : e.pools.entrySet()) {
            if (!isOld(p.getKey()) || p.getValue().max <= 0) {
                continue;
            }
            used += p.getValue().usedAfter;
            max += p.getValue().max;
            reported |= p.getValue().usedAfter > 0 || p.getValue().usedBefore > 0;
        }
        return max <= 0 || !reported ? null : (double) used / max;
    }

    private static boolean shrankOld(GcEvent e) {
        for (Map.Entry<String, GcEvent.Pool> p : e.pools.entrySet()) {
            if (isOld(p.getKey()) && p.getValue().usedAfter < p.getValue().usedBefore) {
                return true;
            }
        }
        return false;
    }

    /** Whether this collection cleaned the old generation (its "after" is a floor, not just an upper bound). */
    static boolean cleansOldGen(GcEvent e) {
        return cleansOldGen(e.collector, shrankOld(e));
    }

    private static boolean cleansOldGen(String collector, boolean shrank) {
        if (CLEANING.contains(collector)) {
            return true;
        }
        if (collector.startsWith("G1 Young")) {
            return shrank;
        }
        return collector.contains("Old") || collector.contains("MarkSweep") || collector.contains("Major");
    }
}
