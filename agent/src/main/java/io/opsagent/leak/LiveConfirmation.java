package io.opsagent.leak;

/**
 * Confirms or clears a rise of the upper bound ({@link UpperBound}) with exact measurements: live
 * class histograms, or on JDK 20+ G1's concurrent marking cycles; and how far apart and how far
 * back those are taken and judged. Pure functions.
 */
final class LiveConfirmation {
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
     * window or {@link UpperBound#MEANINGFUL_HORIZON_MILLIS}, whichever is longer. The floors judge per window;
     * the bound and the histograms do not, because a short window must not hide a slow leak: 50 KiB/s
     * (3 MiB/min) on 512 MiB with leak.window=2m or 3m adds 6-9 MiB per window, under 3% (15 MiB),
     * so its bound never started histograms, or histograms that rose at every step were cleared as
     * promoted garbage, and it was never flagged.
     */
    static boolean meaningful(double slopePerMillis, long windowMillis, long maxBytes) {
        return slopePerMillis * Math.max(windowMillis, UpperBound.MEANINGFUL_HORIZON_MILLIS) >= LeakAnalyzer.MEANINGFUL_SHARE * maxBytes;
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


    private LiveConfirmation() {
    }
}
