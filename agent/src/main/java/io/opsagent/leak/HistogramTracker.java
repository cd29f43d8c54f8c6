package io.opsagent.leak;

import io.opsagent.diag.ClassHistogram;
import io.opsagent.diag.DiagnosticCommand;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Takes live class histograms at most once per interval and keeps the last few, reduced, for
 * {@link HistogramDiff}. A live histogram is a full stop-the-world GC (35–75 ms on a 256 MB heap,
 * seconds on large ones), so it is only taken while a leak is suspected or an operator asks.
 */
final class HistogramTracker {
    static final int KEPT = 6;
    /**
     * Least spacing of background histograms while a verdict is raised and exhaustion is near: each is
     * a full GC (35-75 ms on 256 MB, seconds on multi-GB heaps), so at most one per 20 s, about 0.4%
     * of the time at 75 ms, and never more often than leak.histogram.interval allows when it is shorter.
     */
    static final long PACED_FLOOR_MILLIS = 20_000;
    /**
     * Spacing is this share of the projected time to exhaustion: the three histograms that confirm a
     * rise (40 s apart at least) come within a tenth of it. At a tenth, G1 512 MiB with a 1 MiB/s leak
     * was first flagged at 150-200 s under load, past the 150 s bar.
     */
    static final double PACED_SHARE = 0.05;

    private final Deque<LiveHistogram> kept = new ArrayDeque<LiveHistogram>();
    /** Monotonic (nanoTime, in ms) time of the last histogram; immune to wall-clock jumps. */
    private long lastTakenMono = Long.MIN_VALUE;
    private long lastDurationMillis = -1;
    private long taken;
    private final Deque<long[]> pauses = new ArrayDeque<long[]>();

    /**
     * The spacing for background histograms: the configured interval, shrunk while a verdict is
     * raised to a twentieth of the projected time to exhaustion, down to {@link #PACED_FLOOR_MILLIS}
     * (also when the projection is already due: 0); -1 means no projection.
     */
    static long pacedInterval(long configuredMillis, boolean raised, long exhaustionInMillis) {
        if (!raised || exhaustionInMillis < 0) {
            return configuredMillis;
        }
        return Math.min(configuredMillis, Math.max(PACED_FLOOR_MILLIS, (long) (PACED_SHARE * exhaustionInMillis)));
    }

    /** Milliseconds until another histogram is allowed; 0 when one may be taken now. */
    synchronized long waitMillis(long intervalMillis) {
        if (lastTakenMono == Long.MIN_VALUE) {
            return 0;
        }
        return Math.max(0, lastTakenMono + intervalMillis - monoMillis());
    }

    /**
     * Takes one if the interval allows; returns false if it was too early. Synchronized so a request
     * and the background task never take two at once.
     */
    synchronized boolean takeIfDue(long intervalMillis, long nowMillis, long keepMillis) throws DiagnosticCommand.Unsupported {
        if (waitMillis(intervalMillis) > 0) {
            return false;
        }
        long start = monoMillis();
        lastTakenMono = start;
        ClassHistogram h = ClassHistogram.take(true);
        lastDurationMillis = monoMillis() - start;
        taken++;
        LiveHistogram snapshot = LiveHistogram.of(h, nowMillis);
        pauses.addLast(new long[] {nowMillis, lastDurationMillis, snapshot.totalBytes});
        if (pauses.size() > KEPT) {
            pauses.removeFirst();
        }
        kept.addLast(snapshot);
        while (kept.size() > KEPT || (kept.size() > 1 && kept.peekFirst().takenMillis < nowMillis - keepMillis)) {
            kept.removeFirst();
        }
        return true;
    }

    synchronized List<HistogramDiff.Growing> growing() {
        return HistogramDiff.growing(new ArrayList<LiveHistogram>(kept));
    }

    /** {times, live bytes} of the kept histograms, oldest first: exact floors. */
    synchronized long[][] liveTotals() {
        long[] t = new long[kept.size()];
        long[] b = new long[kept.size()];
        int i = 0;
        for (LiveHistogram s : kept) {
            t[i] = s.takenMillis;
            b[i++] = s.totalBytes;
        }
        return new long[][] {t, b};
    }

    /**
     * {time, how long it took in ms, live bytes} of the last few histograms, oldest first: each one
     * stopped the host that long, and the live bytes are the exact points the verdict rests on.
     */
    synchronized List<long[]> pauses() {
        return new ArrayList<long[]>(pauses);
    }

    /** {taken since start, kept now, last one's wall time (ms, -1 none), its duration (ms, -1 none)}. */
    synchronized long[] stats() {
        long lastAt = kept.isEmpty() ? -1 : kept.peekLast().takenMillis;
        return new long[] {taken, kept.size(), lastAt, lastDurationMillis};
    }

    private static long monoMillis() {
        return System.nanoTime() / 1_000_000L;
    }
}
