package io.opsagent.leak;

import java.util.Locale;

/**
 * The signal before the first old collection. Old-pool occupancy after a young collection is an
 * upper bound of the live old data: dead old objects stay until old space is cleaned, which on G1
 * with a realistic heap may take minutes (and never comes when old regions are full of live, leaked
 * data). A leak raises that bound, but so can garbage that was promoted and not collected yet, so
 * the bound alone is never reported as a verdict: it starts live class histograms (exact), and
 * those confirm it ({@code suspected}, {@code likely}) or clear it. Measured: the JVM's start-up with
 * a working set being promoted raised the bound by 68-143 MiB/min on healthy G1 heaps, and a
 * sawtooth's promoted garbage by 5 MiB/min for minutes, as steadily as a leak. Pure functions.
 */
final class UpperBound {
    /** Least span of the bound's series, however urgent. */
    static final long MIN_SPAN_MILLIS = 20_000;
    /**
     * The span needed is this share of the projected time to exhaustion (within the floor rule's own
     * minimum): a steep rise is decided sooner than a shallow one.
     */
    static final double SPAN_SHARE_OF_EXHAUSTION = 0.05;
    /**
     * The early trigger: this many young-collection points rising at every step, over at least this
     * span. At 15 s, G1 256 MiB (a young collection every 3-4 s) waited until its first mixed
     * collection broke the line at 52 s, and was suspected only at 106 s. Two, not three: G1 512 MiB
     * on JDK 25 collects its young generation every 11 s, so a third point cost 11 s of a 90 s budget
     * (first histogram at 38 s, {@code likely} at 81 s); a healthy heap's rise costs the same two
     * histograms either way, since promoted garbage rises at every young collection.
     */
    static final int EARLY_POINTS = 2;
    /**
     * How soon the bound's line must reach the limit for the early trigger: ten minutes, not the
     * verdict's {@link LeakAnalyzer#URGENT_MILLIS}. The trigger only starts histograms, which decide
     * with the eight minutes themselves; at eight, a 1 MiB/s leak on G1 512 MiB (JDK 25, a loaded
     * machine, the probe leaking 5% slow) projected 8-9 minutes at its first young collections and
     * was first flagged at 85-92 s instead of 60-76 s.
     */
    static final long EARLY_HORIZON_MILLIS = 10 * 60_000L;
    /** 6 s, not 10: Shenandoah 512 MiB cycled at 13, 16 and 19 s, then not until 35 s (first histogram at 36 s, likely at 81 s). */
    static final long EARLY_SPAN_MILLIS = 6_000;

    /** See {@link LiveConfirmation#meaningful}: 3% of 512 MiB in ten minutes is 1.54 MiB/min, half a 50 KiB/s leak. */
    static final long MEANINGFUL_HORIZON_MILLIS = 10 * 60_000L;

    private UpperBound() {
    }

    /**
     * The bound's series: old pool after young collections and every floor, merged in time (a live histogram is a full GC, so it adds a floor), each
     * point lowered to the lowest that follows it (live data that only grows cannot exceed any later
     * bound), so a later cleaning collection or histogram pulls earlier garbage out of the line.
     */
    static long[][] envelope(long[] upperTimes, long[] upperBytes, long[] floorTimes, long[] floorBytes) {
        long[][] merged = merge(new long[][] {upperTimes, upperBytes}, new long[][] {floorTimes, floorBytes});
        long[] y = merged[1];
        for (int i = y.length - 2; i >= 0; i--) {
            y[i] = Math.min(y[i], y[i + 1]);
        }
        return merged;
    }

    static long[][] merge(long[][] a, long[][] b) {
        int n = a[0].length + b[0].length;
        long[] t = new long[n];
        long[] y = new long[n];
        int i = 0;
        int j = 0;
        for (int k = 0; k < n; k++) {
            boolean fromA = j >= b[0].length || (i < a[0].length && a[0][i] <= b[0][j]);
            t[k] = fromA ? a[0][i] : b[0][j];
            y[k] = fromA ? a[1][i++] : b[1][j++];
        }
        return new long[][] {t, y};
    }

    /**
     * A rise (level {@code none}, signal {@link LeakVerdict#UPPER_BOUND}, so histograms are taken) when the bound rises significantly (p &lt; {@link LeakAnalyzer#P_LIKELY}: the
     * points are many and autocorrelated), by a meaningful share of the limit, in every part of the
     * window, over a span that shrinks with the projected time to exhaustion; otherwise null.
     */
    static LeakVerdict analyze(long[] t0, long[] y0, long nowMillis, long windowMillis, long maxBytes, long notBeforeMillis) {
        return analyze(t0, y0, nowMillis, windowMillis, maxBytes, notBeforeMillis, false);
    }

    /**
     * As above; with {@code early}, also a steep rise seen in only {@value #EARLY_POINTS} points (see
     * {@link #early}), which starts histograms but is never reported before they confirm it.
     */
    static LeakVerdict analyze(long[] t0, long[] y0, long nowMillis, long windowMillis, long maxBytes, long notBeforeMillis, boolean early) {
        long[][] w = LeakAnalyzer.window(t0, y0, nowMillis, Math.min(windowMillis, nowMillis - notBeforeMillis));
        long[] t = w[0];
        long[] y = w[1];
        int n = t.length;
        if (n < (early ? EARLY_POINTS : LeakAnalyzer.MIN_SAMPLES) || maxBytes <= 0) {
            return null;
        }
        long span = t[n - 1] - t[0];
        TheilSen.Fit fit = TheilSen.fit(t, y, 0, n);
        if (fit.slope <= 0) {
            return null;
        }
        boolean meaningful = LiveConfirmation.meaningful(fit.slope, windowMillis, maxBytes);
        double p = MannKendall.pRising(y, 0, n);
        boolean strict = false;
        if (n >= LeakAnalyzer.MIN_SAMPLES && span >= neededSpan(fit, y[n - 1], maxBytes, windowMillis)) {
            Persistence.Result persist = Persistence.check(t, y, 0, n, fit);
            // Young collections of a large G1 heap come every 5-10 s: when the heap runs out within minutes,
            // six points (p = 0.0043 at best) must do.
            boolean urgent = LeakAnalyzer.urgent(fit, t[n - 1], y[n - 1], maxBytes);
            double pNeeded = urgent ? LeakAnalyzer.P_SUSPECTED : LeakAnalyzer.P_LIKELY;
            strict = p < pNeeded && meaningful && persist.everywhere();
        }
        if (!strict && !(early && meaningful && early(t, y, fit, maxBytes))) {
            return null;
        }
        double perMin = fit.slope * 60_000;
        String reason = "old-gen occupancy after young collections, an upper bound of the live data, rises by "
                + Format.bytes((long) perMin) + "/min " + (strict ? "in every part of the window" : "at each of the last " + EARLY_POINTS + " young collections, steeply enough to exhaust the heap within "
                        + Format.duration(EARLY_HORIZON_MILLIS))
                + " (Mann-Kendall " + String.format(Locale.ROOT, "p=%.3g", p) + ", " + n + " points); no collection has cleaned the old generation "
                + "in the window to measure it exactly, so live class histograms will confirm or clear it"
                + "; not reported before they do: start-up, a warming cache and promoted garbage raise it too";
        long[] exhaustion = LeakAnalyzer.exhaustion(fit, t[n - 1], y[n - 1], maxBytes);
        LeakVerdict.Level level = LeakVerdict.Level.NONE;
        LeakVerdict v = new LeakVerdict(level, reason,
                new double[] {perMin, fit.low * 60_000, fit.high * 60_000}, Math.round((1 - p) * 1000) / 1000.0, windowMillis, span, t, y,
                maxBytes, exhaustion, 0);
        return v.with(level, reason, LeakVerdict.UPPER_BOUND);
    }

    /**
     * A steep, steady start: the bound rose at every one of the last {@value #EARLY_POINTS} or more
     * young collections, over at least {@link #EARLY_SPAN_MILLIS}, and its line reaches the limit
     * within {@link #EARLY_HORIZON_MILLIS}. Measured: a 512 MiB G1 heap collects its young
     * generation only every 5-10 s, so six points (the strict rule) come 90 s after start, and the
     * three histograms after that are past the 90 s bar. Only starts histograms (a healthy start-up
     * rises like this too, and histograms clear it).
     */
    static boolean early(long[] t, long[] y, TheilSen.Fit fit, long maxBytes) {
        int n = t.length;
        if (n < EARLY_POINTS || t[n - 1] - t[0] < EARLY_SPAN_MILLIS) {
            return false;
        }
        for (int i = n - EARLY_POINTS + 1; i < n; i++) {
            if (y[i] <= y[i - 1]) {
                return false;
            }
        }
        long[] at = LeakAnalyzer.exhaustion(fit, t[n - 1], y[n - 1], maxBytes);
        return at[0] > 0 && at[0] - t[n - 1] < EARLY_HORIZON_MILLIS;
    }

    /**
     * Whether live histograms should be taken for this verdict: it is raised, or the bound rises and
     * waits for them (a rise that is not urgent is not reported before they confirm it).
     */
    static boolean wantsHistograms(LeakVerdict v) {
        return v.level != LeakVerdict.Level.NONE || LeakVerdict.UPPER_BOUND.equals(v.signal) || v.awaitsHistograms;
    }

    /**
     * The suspicion to judge now: the current one, or else the last one, held for {@code holdMillis}
     * after its newest point (a live histogram's full GC pulls the bound down to the live data, which
     * breaks its line until enough new points come), so that the histograms can confirm or clear it.
     */
    static LeakVerdict hold(LeakVerdict current, LeakVerdict previous, long nowMillis, long holdMillis) {
        if (current != null || previous == null || previous.times.length == 0
                || nowMillis - previous.times[previous.times.length - 1] > holdMillis) {
            return current;
        }
        String held = " (held until live class histograms confirm or clear it)";
        return previous.reason.endsWith(held) ? previous : previous.with(previous.level, previous.reason + held, LeakVerdict.UPPER_BOUND);
    }

    /** A twentieth of the projected time to exhaustion, at least {@link #MIN_SPAN_MILLIS}, at most the floor rule's span. */
    static long neededSpan(TheilSen.Fit fit, long last, long maxBytes, long windowMillis) {
        long cap = Math.max(MIN_SPAN_MILLIS, LeakAnalyzer.minSpan(windowMillis));
        double toExhaustion = Math.max(0, maxBytes - last) / fit.slope;
        return (long) Math.min(cap, Math.max(MIN_SPAN_MILLIS, SPAN_SHARE_OF_EXHAUSTION * toExhaustion));
    }

    /**
     * Floors that say none, against a bound that rises steadily: generational ZGC at 256 MiB with a
     * 250 KB/s leak read "rose but not lately" on its floors (their garbage drifts) for 90 s while
     * the old generation after minor cycles rose in every part of the window, and with the verdict
     * at none no histogram was taken to tell. The histograms decide, as before the first floors.
     */
    static LeakVerdict overFloors(LeakVerdict floors, LeakVerdict bound) {
        if (bound == floors) {
            return floors;
        }
        if (bound.level != LeakVerdict.Level.NONE) {
            return bound;
        }
        if (LeakVerdict.UPPER_BOUND.equals(bound.signal)) {
            return floors.heldForHistograms(floors.reason + "; but the old generation after young collections rises steadily, "
                    + "an upper bound of the live data, so live class histograms will confirm or clear it");
        }
        return floors;
    }
}
