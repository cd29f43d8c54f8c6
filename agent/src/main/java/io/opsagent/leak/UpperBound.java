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
     * Histograms needed to confirm, and the least time they span: two histograms 20 s apart both fell
     * in the filling phase of a 30 s sawtooth on G1 256 MiB and confirmed it (5 of 45 polls flagged).
     */
    static final int MIN_HISTOGRAMS = 3;
    static final long MIN_HISTOGRAM_SPAN_MILLIS = 40_000;
    /** Histograms that grew by less than this share of what the bound's slope predicts clear the suspicion. */
    static final double CLEAR_SHARE = 0.25;
    /**
     * Only the newest histograms judge a rise, and only those within the look-back the caller gives
     * (4.5 paced intervals): a pair that cleared a start-up rise must not clear a leak minutes later.
     */
    static final int MAX_HISTOGRAMS = 4;
    /**
     * Histograms older than this many (paced) intervals do not judge the upper bound's rise: room for
     * the four a rise that is not urgent needs, checked up to an interval and a half after the newest
     * (at 2.5, a 50 KiB/s leak on 512 MiB never had more than three in view and was never flagged).
     */
    static final double CONFIRM_LOOK_BACK_INTERVALS = 4.5;
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
    /**
     * A rise that does not exhaust the heap within {@link LeakAnalyzer#URGENT_MILLIS} at the
     * histograms' rate is confirmed only over this span: a cache filling a 2 GiB heap at 2 MB/s for
     * 100 s rose at every step of three histograms 20 s apart (6 of 47 polls flagged).
     */
    static final long NOT_URGENT_HISTOGRAM_SPAN_MILLIS = 120_000;
    /**
     * Each step of a confirming rise is at least this share of the mean step. A quarter, not more: a
     * leak near exhaustion slows with its application, and its last step shrinks.
     */
    static final double LEAST_STEP_SHARE = 0.25;
    /** Three histograms confirm at once only when the last step is at least this share of the first (see {@link #decelerates}). */
    static final double STEADY_LAST_STEP = 0.75;

    /**
     * Past G1's threshold a concurrent cycle can start with every young collection, a few seconds
     * apart, and each step of a rise must be a quarter of the mean step ({@link #risesAtEveryStep}),
     * which the noise of what was promoted while marking breaks at that spacing; at 20 s (histograms'
     * quickest) G1 512 MiB with IHOP 0 dropped its cycles at 11 s and 45 s and kept 28 s and 61 s.
     */
    static final long CYCLE_SPACING_MILLIS = 10_000;
    /** See {@link #meaningful}: 3% of 512 MiB in ten minutes is 1.54 MiB/min, half a 50 KiB/s leak. */
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
        boolean meaningful = meaningful(fit.slope, windowMillis, maxBytes);
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
     * Confirms or clears a suspicion the bound raised, with the live class histograms taken since
     * (exact live bytes):
     * <ul>
     * <li>three or more over at least {@link #MIN_HISTOGRAM_SPAN_MILLIS} that rise at every step by a
     * meaningful amount confirm it: {@code likely} when the heap runs out within
     * {@link LeakAnalyzer#URGENT_MILLIS} at their rate; otherwise {@code suspected}, and only with four
     * over {@link #NOT_URGENT_HISTOGRAM_SPAN_MILLIS} (three rising by chance are one in four with a
     * long window, where "meaningful" is a few MB); {@code likely} then waits for the floors, which
     * the histograms' full GCs provide. The rate comes from them;</li>
     * <li>two never raise it, however well they agree with the bound: two 20 s apart fell in the same
     * filling phase of a 40 MB / 30 s sawtooth on Parallel 256 MiB in two runs of two, at 0.6 and 1.4
     * times the bound's slope, where leaks gave 0.7-0.9 (it was {@code suspected} for 10-15 s);</li>
     * <li>histograms that grew by much less than the bound clear it, unless they rose at every step by a
     * meaningful amount.</li>
     * </ul>
     */
    static LeakVerdict confirm(LeakVerdict suspicion, long[] liveTimes, long[] liveBytes, long nowMillis, long lookBackMillis) {
        return confirm(suspicion, liveTimes, liveBytes, nowMillis, lookBackMillis, Measure.HISTOGRAMS);
    }

    /** What confirms or clears a rise of the bound, as the report names it. */
    enum Measure {
        HISTOGRAMS(LeakVerdict.LIVE_HISTOGRAMS, "live class histogram", "live class histograms", "live data"),
        /** See {@link FloorRule#endOfMarking}: free, where a histogram is a full GC. */
        G1_CYCLES(LeakVerdict.CONCURRENT_CYCLES, "G1 concurrent cycle", "G1 concurrent marking cycles",
                "the old generation after their Remark pause (live data plus what was promoted while marking)");

        final String signal;
        final String one;
        final String many;
        final String what;

        Measure(String signal, String one, String many, String what) {
            this.signal = signal;
            this.one = one;
            this.many = many;
            this.what = what;
        }
    }

    /**
     * G1 concurrent cycles after {@code notBeforeMillis} (the JVM's start-up fills old space as a leak
     * does), at most one per {@link #CYCLE_SPACING_MILLIS}.
     */
    static long[][] spaced(long[] times, long[] bytes, long notBeforeMillis) {
        long[] t = new long[times.length];
        long[] y = new long[times.length];
        int n = 0;
        for (int i = 0; i < times.length; i++) {
            if (times[i] >= notBeforeMillis && (n == 0 || times[i] - t[n - 1] >= CYCLE_SPACING_MILLIS)) {
                t[n] = times[i];
                y[n++] = bytes[i];
            }
        }
        return new long[][] {java.util.Arrays.copyOf(t, n), java.util.Arrays.copyOf(y, n)};
    }

    /** As above, with the measurements {@code m} names. */
    static LeakVerdict confirm(LeakVerdict suspicion, long[] liveTimes, long[] liveBytes, long nowMillis, long lookBackMillis, Measure m) {
        long[][] w = LeakAnalyzer.window(liveTimes, liveBytes, nowMillis, lookBackMillis);
        int skip = firstJudged(w[0]);
        long[] t = java.util.Arrays.copyOfRange(w[0], skip, w[0].length);
        long[] y = java.util.Arrays.copyOfRange(w[1], skip, w[1].length);
        int n = t.length;
        if (n == 0) {
            return suspicion;
        }
        if (n == 1) {
            return suspicion.with(suspicion.level, suspicion.reason + "; 1 " + m.one + " so far, the next one confirms or clears it",
                    LeakVerdict.UPPER_BOUND);
        }
        long rise = y[n - 1] - y[0];
        boolean everyStep = risesAtEveryStep(y, 0, n);
        TheilSen.Fit fit = TheilSen.fit(t, y, 0, n);
        long max = suspicion.maxBytes;
        boolean meaningful = meaningful(fit.slope, suspicion.windowMillis, max);
        long span = t[n - 1] - t[0];
        double boundRise = suspicion.growthBytesPerMinute / 60_000 * span;
        long[] exhaustion = LeakAnalyzer.exhaustion(fit, t[n - 1], y[n - 1], max);
        boolean urgent = exhaustion[0] > 0 && exhaustion[0] - nowMillis < LeakAnalyzer.URGENT_MILLIS;
        boolean enough = urgent ? n >= MIN_HISTOGRAMS && span >= MIN_HISTOGRAM_SPAN_MILLIS && (n > MIN_HISTOGRAMS || !decelerates(y))
                : n >= MAX_HISTOGRAMS && span >= NOT_URGENT_HISTOGRAM_SPAN_MILLIS;
        if (everyStep && meaningful && enough && fit.slope > 0) {
            LeakVerdict.Level level = urgent ? LeakVerdict.Level.LIKELY : LeakVerdict.Level.SUSPECTED;
            double perMin = fit.slope * 60_000;
            String reason = m.many + " confirm it: " + m.what + " grew by " + Format.bytes((long) perMin) + "/min across "
                    + n + " of them, at every step" + (level == LeakVerdict.Level.LIKELY
                            ? " (enough because the heap runs out in " + Format.duration(exhaustion[0] - nowMillis) + ")"
                            : " (the heap runs out in " + Format.duration(exhaustion[0] - nowMillis) + ", not within "
                                    + Format.duration(LeakAnalyzer.URGENT_MILLIS) + ": likely waits for the floors)")
                    + "; first raised by " + suspicion.reason;
            LeakVerdict v = new LeakVerdict(level, reason, new double[] {perMin, fit.low * 60_000, fit.high * 60_000},
                    suspicion.confidence, suspicion.windowMillis, suspicion.spanMillis, suspicion.times, suspicion.bytes, max,
                    exhaustion, 0);
            return v.with(level, reason, m.signal);
        }
        // A live rise that is steady and meaningful is never cleared, however far below the bound: on a
        // heap that promotes a lot, a slow leak's live growth is a small share of the bound's.
        if (rise < CLEAR_SHARE * boundRise && !(everyStep && meaningful && fit.slope > 0)) {
            return suspicion.with(LeakVerdict.Level.NONE, "cleared by " + m.many + ": " + m.what + " grew by " + Format.bytes(rise)
                    + " across " + n + " of them, much less than the old generation's upper bound after young collections "
                    + "(garbage promoted and not collected yet)", m.signal);
        }
        return suspicion.with(suspicion.level, suspicion.reason + "; " + n + " " + m.many + " neither confirm nor clear it yet",
                LeakVerdict.UPPER_BOUND);
    }

    /**
     * The first of {@code times} (oldest first) to judge: the newest {@value #MAX_HISTOGRAMS}, or more
     * while they span less than {@link #MIN_HISTOGRAM_SPAN_MILLIS}. With leak.histogram.interval=10s
     * the newest four span 30 s, and a steady leak's six perfectly rising histograms never confirmed it.
     */
    static int firstJudged(long[] times) {
        int n = times.length;
        int from = Math.max(0, n - MAX_HISTOGRAMS);
        while (from > 0 && times[n - 1] - times[from] < MIN_HISTOGRAM_SPAN_MILLIS) {
            from--;
        }
        return from;
    }

    /**
     * Whether the last step of these histograms is less than {@value #STEADY_LAST_STEP} of the first
     * step: a cache that fills for a while and stops is concave, a leak is a line. Measured: a cache
     * filling 100 MB at 2 MB/s on 256 MiB (50 s) rose 40 MB, then 24 MB across histograms at 20, 40 and
     * 60 s, and was {@code likely} at 61-66 s on G1 and Parallel; the fourth histogram saw it flat.
     * Three that decelerate wait for a fourth, which must rise too.
     */
    static boolean decelerates(long[] y) {
        int n = y.length;
        return n >= 3 && y[n - 1] - y[n - 2] < STEADY_LAST_STEP * (y[1] - y[0]);
    }

    /**
     * Whether {@code y[from..to)} rose at every step by at least {@value #LEAST_STEP_SHARE} of its mean
     * step. A bare "higher than before" let a cache that reached its plateau between two histograms (a
     * step of a few bytes) or bursts caught in phase count as a steady rise; a leak's steps are alike.
     */
    static boolean risesAtEveryStep(long[] y, int from, int to) {
        if (to - from < 2) {
            return false;
        }
        double least = Math.max(0, LEAST_STEP_SHARE * (y[to - 1] - y[from]) / (to - from - 1));
        for (int i = from + 1; i < to; i++) {
            if (y[i] - y[i - 1] <= least) {
                return false;
            }
        }
        return true;
    }

    /**
     * How many of the newest histograms within the look-back (see {@link #firstJudged}) rose at
     * every step, by a meaningful amount, over at least {@link #MIN_HISTOGRAM_SPAN_MILLIS}; 0 unless at
     * least {@value #MIN_HISTOGRAMS} did.
     */
    static int risingHistograms(long[] liveTimes, long[] liveBytes, long nowMillis, long lookBackMillis, long maxBytes, long windowMillis) {
        long[][] w = LeakAnalyzer.window(liveTimes, liveBytes, nowMillis, lookBackMillis);
        int skip = firstJudged(w[0]);
        int n = w[0].length - skip;
        if (n < MIN_HISTOGRAMS || w[0][w[0].length - 1] - w[0][skip] < MIN_HISTOGRAM_SPAN_MILLIS) {
            return 0;
        }
        if (!risesAtEveryStep(w[1], skip, w[0].length)) {
            return 0;
        }
        TheilSen.Fit fit = TheilSen.fit(w[0], w[1], skip, w[0].length);
        return meaningful(fit.slope, windowMillis, maxBytes) ? n : 0;
    }

    /**
     * Whether a slope (bytes/ms) adds {@link LeakAnalyzer#MEANINGFUL_SHARE} of the limit within the
     * window or {@link #MEANINGFUL_HORIZON_MILLIS}, whichever is longer. The floors judge per window;
     * the bound and the histograms do not, because a short window must not hide a slow leak: 50 KiB/s
     * (3 MiB/min) on 512 MiB with leak.window=2m or 3m adds 6-9 MiB per window, under 3% (15 MiB),
     * so its bound never started histograms, or histograms that rose at every step were cleared as
     * promoted garbage, and it was never flagged.
     */
    static boolean meaningful(double slopePerMillis, long windowMillis, long maxBytes) {
        return slopePerMillis * Math.max(windowMillis, MEANINGFUL_HORIZON_MILLIS) >= LeakAnalyzer.MEANINGFUL_SHARE * maxBytes;
    }

    /**
     * Least spacing of histograms whose own rate does not exhaust the heap within
     * {@link LeakAnalyzer#URGENT_MILLIS}: such a rise needs {@value #MAX_HISTOGRAMS} over
     * {@link #NOT_URGENT_HISTOGRAM_SPAN_MILLIS}, and only the newest {@value #MAX_HISTOGRAMS} judge.
     */
    static final long NOT_URGENT_SPACING_MILLIS = NOT_URGENT_HISTOGRAM_SPAN_MILLIS / (MAX_HISTOGRAMS - 1);

    /**
     * {@code paced}, or {@link #NOT_URGENT_SPACING_MILLIS} when that is longer and the newest
     * histograms (two or more) project no exhaustion within {@link LeakAnalyzer#URGENT_MILLIS}. The
     * pacing follows the bound's projection, which counts promoted garbage: a 200 KiB/s leak on G1
     * 256 MiB (JDK 17) had histograms 34 s apart rising at every step (59, 66, 73, 80, 86, 92 MB), the
     * newest four spanning 100 s, and "not urgent" needs 120 s, so it never confirmed and read
     * suspected on 5 polls of 78 from its floors; Serial 512 MiB, 20 s apart, was never flagged in 400 s.
     */
    static long pacedForLiveRate(long paced, long[] liveTimes, long[] liveBytes, long nowMillis, long maxBytes) {
        if (paced >= NOT_URGENT_SPACING_MILLIS || maxBytes <= 0) {
            return paced;
        }
        long[][] w = LeakAnalyzer.window(liveTimes, liveBytes, nowMillis, lookBack(NOT_URGENT_SPACING_MILLIS));
        int n = w[0].length;
        if (n < 2) {
            return paced;
        }
        TheilSen.Fit fit = TheilSen.fit(w[0], w[1], Math.max(0, n - MAX_HISTOGRAMS), n);
        long[] at = LeakAnalyzer.exhaustion(fit, w[0][n - 1], w[1][n - 1], maxBytes);
        boolean urgent = fit.slope > 0 && at[0] > 0 && at[0] - nowMillis < LeakAnalyzer.URGENT_MILLIS;
        return urgent ? paced : NOT_URGENT_SPACING_MILLIS;
    }

    /** How far back histograms judge: {@link #CONFIRM_LOOK_BACK_INTERVALS} intervals, and room for the span a confirmation needs. */
    static long lookBack(long pacedMillis) {
        return (long) Math.max(CONFIRM_LOOK_BACK_INTERVALS * pacedMillis, MIN_HISTOGRAM_SPAN_MILLIS + 1.5 * pacedMillis);
    }

    /** The live bytes of the newest histograms (at most {@link #MAX_HISTOGRAMS}), oldest first. */
    static long[] newest(long[][] live) {
        int n = live[1].length;
        return java.util.Arrays.copyOfRange(live[1], Math.max(0, n - MAX_HISTOGRAMS), n);
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
