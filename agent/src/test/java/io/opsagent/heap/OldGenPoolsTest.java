package io.opsagent.heap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opsagent.gc.GcEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class OldGenPoolsTest {
    private static GcEvent event(String collector, String pool, long before, long after, long max) {
        Map<String, GcEvent.Pool> pools = new LinkedHashMap<String, GcEvent.Pool>();
        pools.put("Eden Space", new GcEvent.Pool(50, 0, -1));
        pools.put(pool, new GcEvent.Pool(before, after, max));
        return new GcEvent(1, collector, "end of GC", "test", 0, 1, pools);
    }

    @ParameterizedTest
    @ValueSource(strings = {"G1 Old Gen", "PS Old Gen", "Tenured Gen", "CMS Old Gen", "ZHeap", "ZGC Old Generation", "Shenandoah"})
    void knowsTheOldPoolOfEachCollector(String pool) {
        assertTrue(OldGenPools.isOld(pool));
    }

    @Test
    void youngPoolsAreNotOld() {
        assertFalse(OldGenPools.isOld("G1 Eden Space"));
        assertFalse(OldGenPools.isOld("PS Survivor Space"));
        assertFalse(OldGenPools.isOld("ZGC Young Generation"));
    }

    @Test
    void fullAndMajorCollectionsTellTheFloor() {
        assertEquals(0.5, OldGenPools.occupancyAfter(event("G1 Old Generation", "G1 Old Gen", 90, 50, 100)), 1e-9);
        assertEquals(0.5, OldGenPools.occupancyAfter(event("PS MarkSweep", "PS Old Gen", 90, 50, 100)), 1e-9);
        assertEquals(0.5, OldGenPools.occupancyAfter(event("MarkSweepCompact", "Tenured Gen", 90, 50, 100)), 1e-9);
        assertEquals(0.5, OldGenPools.occupancyAfter(event("ZGC Cycles", "ZHeap", 90, 50, 100)), 1e-9);
        assertEquals(0.5, OldGenPools.occupancyAfter(event("ZGC Major Cycles", "ZGC Old Generation", 90, 50, 100)), 1e-9);
        assertEquals(0.5, OldGenPools.occupancyAfter(event("Shenandoah Cycles", "Shenandoah", 90, 50, 100)), 1e-9);
    }

    @Test
    void youngPausesSayNothingUnlessTheyShrankTheOldGen() {
        assertNull(OldGenPools.occupancyAfter(event("PS Scavenge", "PS Old Gen", 80, 90, 100)));
        assertNull(OldGenPools.occupancyAfter(event("Copy", "Tenured Gen", 80, 90, 100)));
        assertNull(OldGenPools.occupancyAfter(event("G1 Young Generation", "G1 Old Gen", 80, 90, 100)), "young: old gen only grew");
        assertEquals(0.7, OldGenPools.occupancyAfter(event("G1 Young Generation", "G1 Old Gen", 90, 70, 100)), 1e-9, "mixed");
        assertNull(OldGenPools.occupancyAfter(event("ZGC Pauses", "ZHeap", 90, 50, 100)));
        assertNull(OldGenPools.occupancyAfter(event("G1 Old Generation", "G1 Old Gen", 90, 50, -1)), "no max, no ratio");
    }

    @Test
    void anyCollectionGivesAnUpperBoundButPauseBeansWithEmptyPoolsDoNot() {
        GcEvent young = event("G1 Young Generation", "G1 Old Gen", 70, 75, 100);
        assertNull(OldGenPools.occupancyAfter(young), "a young pause is not a floor");
        assertEquals(0.75, OldGenPools.occupancyAfterAny(young), 1e-9);
        assertFalse(OldGenPools.cleansOldGen(young));
        assertTrue(OldGenPools.cleansOldGen(event("PS MarkSweep", "PS Old Gen", 90, 50, 100)));
        assertNull(OldGenPools.occupancyAfterAny(event("ZGC Pauses", "ZHeap", 0, 0, 100)));
        assertEquals(0.4, OldGenPools.occupancyAfterAny(event("PS Scavenge", "PS Old Gen", 30, 40, 100)), 1e-9);
    }
}
