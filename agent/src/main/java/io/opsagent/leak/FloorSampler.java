package io.opsagent.leak;

import io.opsagent.gc.GcEvent;
import io.opsagent.gc.GcEvents;

/**
 * Records the old-generation floor after each collection that reclaimed old space, into a bounded
 * ring. Runs on the JVM's notification thread, so it only classifies and stores a few longs; all
 * analysis happens elsewhere. Also keeps the old pool after young collections, to estimate when
 * the first floor will come.
 */
final class FloorSampler implements GcEvents.Subscriber {
    static final int CAPACITY = 512;
    /** The first notifications run interpreted and load classes: left out of the cost figure. */
    static final int COST_WARM_UP = 20;
    /**
     * Old pool after young collections, at most one point (the lowest) per {@link #UPPER_SPACING_MILLIS}:
     * young collections can come several times a second, and 2048 one-second points cover a 30m window.
     */
    static final int UPPER_CAPACITY = 2048;
    static final long UPPER_SPACING_MILLIS = 1000;
    /**
     * G1 concurrent cycles kept: near exhaustion they come every few seconds, and the confirmation
     * looks back a few histogram intervals at most.
     */
    static final int CYCLE_CAPACITY = 256;
    /** A cycle's Remark and Cleanup pauses come within this of each other: one measurement, the lower. */
    static final long CYCLE_PAUSES_MILLIS = 5_000;

    /** A copy of the ring, oldest first, plus what is known about the pool. */
    static final class Snapshot {
        final long[] times;
        final long[] bytes;
        /** Whether each floor came from a collection of the whole old space rather than a G1 mixed phase. */
        final boolean[] whole;
        final long maxBytes;
        final long floorIntervalHintMillis;
        /** Old pool after young collections (an upper bound of the live old data), oldest first. */
        final long[] upperTimes;
        final long[] upperBytes;
        /** Old pool at the end of each G1 concurrent marking cycle (JDK 20+), oldest first. */
        final long[] cycleTimes;
        final long[] cycleBytes;

        Snapshot(long[] times, long[] bytes, boolean[] whole, long maxBytes, long floorIntervalHintMillis) {
            this(times, bytes, whole, maxBytes, floorIntervalHintMillis, new long[0], new long[0]);
        }

        Snapshot(long[] times, long[] bytes, boolean[] whole, long maxBytes, long floorIntervalHintMillis, long[] upperTimes,
                long[] upperBytes) {
            this(times, bytes, whole, maxBytes, floorIntervalHintMillis, upperTimes, upperBytes, new long[0], new long[0]);
        }

        Snapshot(long[] times, long[] bytes, boolean[] whole, long maxBytes, long floorIntervalHintMillis, long[] upperTimes,
                long[] upperBytes, long[] cycleTimes, long[] cycleBytes) {
            this.times = times;
            this.bytes = bytes;
            this.whole = whole;
            this.maxBytes = maxBytes;
            this.floorIntervalHintMillis = floorIntervalHintMillis;
            this.upperTimes = upperTimes;
            this.upperBytes = upperBytes;
            this.cycleTimes = cycleTimes;
            this.cycleBytes = cycleBytes;
        }
    }

    private final long[] times = new long[CAPACITY];
    private final long[] bytes = new long[CAPACITY];
    private final boolean[] whole = new boolean[CAPACITY];
    private int head;
    private int size;
    private final TimeSeries upper = new TimeSeries(UPPER_CAPACITY);
    private final TimeSeries cycles = new TimeSeries(CYCLE_CAPACITY);
    private boolean lastWasMixed;
    private long maxBytes = -1;
    private long lastCycleEnd;
    private long lastCycleAfter;
    private long handled;
    private long handledNanos;
    /** Old pool after the first and last young collection seen, for the promotion rate. */
    private long firstYoungTime = -1;
    private long firstYoungOld;
    private long lastYoungTime = -1;
    private long lastYoungOld;

    @Override
    public void collected(GcEvent e) {
        long start = System.nanoTime();
        FloorRule.Kind kind = FloorRule.classify(e);
        synchronized (this) {
            String pool = FloorRule.oldPool(e);
            if (pool != null) {
                GcEvent.Pool p = e.pools.get(pool);
                if (p.max > 0) {
                    maxBytes = p.max;
                }
                if (kind == FloorRule.Kind.NONE && p.usedAfter > 0) {
                    noteYoung(e.endMillis, p.usedAfter);
                    if (FloorRule.youngWithOldPool(e)) {
                        addUpper(e.endMillis, p.usedAfter);
                    }
                }
                if (kind == FloorRule.Kind.MIXED && lastWasMixed && size > 0) {
                    replaceLast(e.endMillis, p.usedAfter);
                } else if (kind != FloorRule.Kind.NONE) {
                    add(e.endMillis, FloorRule.concurrentCycle(e) ? withoutCycleAllocation(e, p) : p.usedAfter,
                            kind == FloorRule.Kind.FULL);
                }
                lastWasMixed = kind == FloorRule.Kind.MIXED;
                if (FloorRule.endOfMarking(e)) {
                    addCycle(e.endMillis, p.usedAfter);
                }
            }
            handled++;
            if (handled > COST_WARM_UP) {
                handledNanos += System.nanoTime() - start;
            }
        }
    }

    /** Records a floor; also the tests' way in. */
    synchronized void add(long time, long used, boolean wholeOldSpace) {
        times[head] = time;
        bytes[head] = used;
        whole[head] = wholeOldSpace;
        head = (head + 1) % CAPACITY;
        size = Math.min(size + 1, CAPACITY);
    }

    /** Records old-pool occupancy after a young collection; also the tests' way in. */
    synchronized void addUpper(long time, long used) {
        upper.addLowest(time, used, UPPER_SPACING_MILLIS);
    }

    /** Records old-pool occupancy after a G1 concurrent cycle's pause; also the tests' way in. */
    synchronized void addCycle(long time, long used) {
        cycles.addLowest(time, used, CYCLE_PAUSES_MILLIS);
    }

    private void replaceLast(long time, long used) {
        int last = (head - 1 + CAPACITY) % CAPACITY;
        times[last] = time;
        bytes[last] = Math.min(bytes[last], used);
    }

    /**
     * A concurrent cycle's "after" counts what was allocated (or promoted) while it ran, and cycles
     * lengthen as the live set grows, which would inflate the slope. Take that out: the rate at which
     * the pool filled between the previous cycle's end and this one's start, times this cycle's length.
     */
    private long withoutCycleAllocation(GcEvent e, GcEvent.Pool p) {
        long start = e.endMillis - e.durationMillis;
        long corrected = p.usedAfter;
        long gap = start - lastCycleEnd;
        if (lastCycleEnd > 0 && gap > 0 && p.usedBefore > lastCycleAfter) {
            double perMs = (double) (p.usedBefore - lastCycleAfter) / gap;
            corrected = Math.max(p.usedAfter / 2, p.usedAfter - (long) (perMs * e.durationMillis));
        }
        lastCycleEnd = e.endMillis;
        lastCycleAfter = p.usedAfter;
        return corrected;
    }

    private void noteYoung(long time, long oldUsed) {
        if (firstYoungTime < 0) {
            firstYoungTime = time;
            firstYoungOld = oldUsed;
        }
        lastYoungTime = time;
        lastYoungOld = oldUsed;
    }

    synchronized Snapshot snapshot() {
        long[] t = new long[size];
        long[] b = new long[size];
        boolean[] w = new boolean[size];
        int start = (head - size + CAPACITY) % CAPACITY;
        for (int i = 0; i < size; i++) {
            t[i] = times[(start + i) % CAPACITY];
            b[i] = bytes[(start + i) % CAPACITY];
            w[i] = whole[(start + i) % CAPACITY];
        }
        long[][] u = upper.copy();
        long[][] c = cycles.copy();
        return new Snapshot(t, b, w, maxBytes, hint(), u[0], u[1], c[0], c[1]);
    }

    /**
     * Before two floors are known: how long until old space is reclaimed, from how fast young
     * collections fill the old pool, assuming a reclaim comes at about 45% (G1's default IHOP) of it.
     */
    private long hint() {
        if (size > 0 || lastYoungTime <= firstYoungTime || maxBytes <= 0) {
            return -1;
        }
        double perMs = (double) (lastYoungOld - firstYoungOld) / (lastYoungTime - firstYoungTime);
        if (perMs <= 0) {
            return -1;
        }
        return (long) (Math.max(0.45 * maxBytes - lastYoungOld, 0.05 * maxBytes) / perMs);
    }

    /** {notifications handled, nanoseconds spent on those after the warm-up}, for the overhead benchmark. */
    synchronized long[] cost() {
        return new long[] {handled, handledNanos};
    }

    /** Mean time per notification after the warm-up, or 0 before there is one. */
    synchronized long nanosPerNotification() {
        return handled <= COST_WARM_UP ? 0 : handledNanos / (handled - COST_WARM_UP);
    }
}
