package io.opsagent.leak;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.opsagent.gc.GcEvent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which collections give a floor, per collector, and how G1 mixed phases collapse into one floor. */
class FloorSamplerTest {
    private long id;

    private GcEvent event(String collector, String action, String pool, long before, long after, long time) {
        Map<String, GcEvent.Pool> pools = new LinkedHashMap<String, GcEvent.Pool>();
        pools.put("Eden Space", new GcEvent.Pool(50, 0, 100));
        pools.put(pool, new GcEvent.Pool(before, after, 1000));
        return new GcEvent(++id, collector, action, "Allocation Failure", time, 5, pools);
    }

    @Test
    void parallelAndSerialFloorsComeFromMajorCollectionsOnly() {
        FloorSampler s = new FloorSampler();
        s.collected(event("PS Scavenge", "end of minor GC", "PS Old Gen", 100, 120, 1));
        s.collected(event("PS MarkSweep", "end of major GC", "PS Old Gen", 600, 200, 2));
        s.collected(event("Copy", "end of minor GC", "Tenured Gen", 200, 250, 3));
        s.collected(event("MarkSweepCompact", "end of major GC", "Tenured Gen", 700, 300, 4));
        FloorSampler.Snapshot snap = s.snapshot();
        assertArrayEquals(new long[] {200, 300}, snap.bytes);
        assertArrayEquals(new long[] {2, 4}, snap.times);
        assertEquals(1000, snap.maxBytes);
    }

    @Test
    void g1MixedCollectionsAreRecognisedByTheOldPoolShrinkingAndCollapseIntoOneFloor() {
        FloorSampler s = new FloorSampler();
        s.collected(event("G1 Young Generation", "end of minor GC", "G1 Old Gen", 400, 420, 1));
        s.collected(event("G1 Young Generation", "end of minor GC", "G1 Old Gen", 420, 350, 2));
        s.collected(event("G1 Young Generation", "end of minor GC", "G1 Old Gen", 350, 300, 3));
        s.collected(event("G1 Young Generation", "end of minor GC", "G1 Old Gen", 300, 310, 4));
        s.collected(event("G1 Old Generation", "end of major GC", "G1 Old Gen", 900, 280, 5));
        s.collected(event("G1 Concurrent GC", "end of concurrent GC pause", "G1 Old Gen", 500, 450, 6));
        assertArrayEquals(new long[] {300, 280, 450}, s.snapshot().bytes);
        assertArrayEquals(new long[] {3, 5, 6}, s.snapshot().times);
        assertArrayEquals(new boolean[] {false, true, false}, s.snapshot().whole, "only the full collection covered all of old space");
    }

    @Test
    void g1ConcurrentCyclesAreMeasuredOnceEachAtTheLowerOfRemarkAndCleanup() {
        FloorSampler s = new FloorSampler();
        s.collected(event("G1 Young Generation", "end of minor GC", "G1 Old Gen", 400, 420, 1_000));
        s.collected(event("G1 Concurrent GC", "end of concurrent GC pause", "G1 Old Gen", 440, 380, 2_000)); // Remark
        s.collected(event("G1 Concurrent GC", "end of concurrent GC pause", "G1 Old Gen", 380, 380, 2_010)); // Cleanup
        s.collected(event("G1 Old Generation", "end of major GC", "G1 Old Gen", 900, 280, 3_000));
        s.collected(event("G1 Concurrent GC", "end of concurrent GC pause", "G1 Old Gen", 470, 400, 30_000));
        FloorSampler.Snapshot snap = s.snapshot();
        assertArrayEquals(new long[] {2_000, 30_000}, snap.cycleTimes);
        assertArrayEquals(new long[] {380, 400}, snap.cycleBytes);
        FloorSampler parallel = new FloorSampler();
        parallel.collected(event("PS MarkSweep", "end of major GC", "PS Old Gen", 600, 200, 2));
        assertEquals(0, parallel.snapshot().cycleTimes.length, "only G1's concurrent bean reports marking cycles");
    }

    @Test
    void zgcAndShenandoahCyclesAreFloorsTheirPausesAreNot() {
        FloorSampler s = new FloorSampler();
        s.collected(event("ZGC Pauses", "end of GC pause", "ZHeap", 0, 0, 1));
        s.collected(event("ZGC Cycles", "end of GC cycle", "ZHeap", 500, 300, 2));
        s.collected(event("ZGC Minor Cycles", "end of GC cycle", "ZGC Old Generation", 500, 510, 3));
        s.collected(event("ZGC Major Cycles", "end of GC cycle", "ZGC Old Generation", 510, 320, 4));
        s.collected(event("Shenandoah Cycles", "end of GC cycle", "Shenandoah", 700, 330, 5));
        s.collected(event("Shenandoah Pauses", "end of GC pause", "Shenandoah", 0, 0, 6));
        assertArrayEquals(new long[] {300, 320, 330}, s.snapshot().bytes);
    }

    @Test
    void aConcurrentCycleLosesWhatWasAllocatedWhileItRan() {
        FloorSampler s = new FloorSampler();
        s.collected(event("ZGC Cycles", "end of GC cycle", "ZHeap", 500, 300, 1000));
        // 100 bytes allocated in the 500 ms between cycles: 0.2 B/ms; this cycle ran 5 ms (see event()).
        Map<String, GcEvent.Pool> pools = new LinkedHashMap<String, GcEvent.Pool>();
        pools.put("ZHeap", new GcEvent.Pool(400, 350, 1000));
        s.collected(new GcEvent(9, "ZGC Cycles", "end of GC cycle", "Allocation Rate", 1505, 5, pools));
        assertArrayEquals(new long[] {300, 349}, s.snapshot().bytes);
    }

    @Test
    void theRingIsBounded() {
        FloorSampler s = new FloorSampler();
        for (int i = 0; i < FloorSampler.CAPACITY + 10; i++) {
            s.collected(event("PS MarkSweep", "end of major GC", "PS Old Gen", 900, i + 1, i));
        }
        FloorSampler.Snapshot snap = s.snapshot();
        assertEquals(FloorSampler.CAPACITY, snap.bytes.length);
        assertEquals(11, snap.bytes[0]);
        assertEquals(FloorSampler.CAPACITY + 10, snap.bytes[FloorSampler.CAPACITY - 1]);
        assertEquals(FloorSampler.CAPACITY + 10, s.cost()[0]);
    }

    @Test
    void beforeAnyFloorTheHintComesFromThePromotionRate() {
        FloorSampler s = new FloorSampler();
        s.collected(event("G1 Young Generation", "end of minor GC", "G1 Old Gen", 0, 100, 0));
        s.collected(event("G1 Young Generation", "end of minor GC", "G1 Old Gen", 100, 200, 1000));
        // 0.1 byte/ms; 45% of 1000 is 450, 250 to go: 2500 ms.
        assertEquals(2500, s.snapshot().floorIntervalHintMillis);
    }

    @Test
    void collectorLabels() {
        assertEquals("G1", FloorRule.collectorLabel(Arrays.asList("G1 Young Generation", "G1 Old Generation")));
        assertEquals("Parallel", FloorRule.collectorLabel(Arrays.asList("PS Scavenge", "PS MarkSweep")));
        assertEquals("Serial", FloorRule.collectorLabel(Arrays.asList("Copy", "MarkSweepCompact")));
        assertEquals("ZGC", FloorRule.collectorLabel(Arrays.asList("ZGC Cycles", "ZGC Pauses")));
        assertEquals("ZGC (generational)", FloorRule.collectorLabel(Arrays.asList("ZGC Minor Cycles", "ZGC Major Cycles")));
    }

    @Test
    void youngCollectionsGiveTheUpperBoundAtMostOnePointPerSecond() {
        FloorSampler s = new FloorSampler();
        s.collected(event("G1 Young Generation", "end of minor GC", "G1 Old Gen", 100, 120, 1000));
        s.collected(event("G1 Young Generation", "end of minor GC", "G1 Old Gen", 120, 125, 1500));
        s.collected(event("G1 Young Generation", "end of minor GC", "G1 Old Gen", 118, 130, 2600));
        s.collected(event("PS Scavenge", "end of minor GC", "PS Old Gen", 100, 140, 4000));
        s.collected(event("ZGC Minor Cycles", "end of GC cycle", "ZGC Old Generation", 140, 150, 6000));
        s.collected(event("ZGC Minor Pauses", "end of GC pause", "ZGC Old Generation", 0, 0, 7000));
        s.collected(event("ZGC Cycles", "end of GC cycle", "ZHeap", 500, 300, 8000));
        s.collected(event("PS MarkSweep", "end of major GC", "PS Old Gen", 600, 90, 9000));
        FloorSampler.Snapshot snap = s.snapshot();
        assertArrayEquals(new long[] {1000, 2600, 4000, 6000}, snap.upperTimes);
        assertArrayEquals(new long[] {120, 130, 140, 150}, snap.upperBytes, "the lowest of the G1 pauses within one second");
    }
}
