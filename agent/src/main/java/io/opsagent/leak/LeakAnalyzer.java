package io.opsagent.leak;

import java.util.Locale;

/**
 * Pure function from a floor series to a verdict. {@code likely}: a significant rise (Mann–Kendall)
 * that holds in every part of the window and matters against the limit; {@code suspected}: significant
 * and still rising lately, but not everywhere yet. Everything else is {@code none}: a false alarm at
 * 3 a.m. costs more than a late true one.
 */
final class LeakAnalyzer {
    static final int MIN_SAMPLES = 6;
    static final int MAX_POINTS = 256;
    /**
     * Stricter than the textbook 0.05: Mann–Kendall assumes independent points and floors are
     * autocorrelated (a JVM's start-up alone raised a Serial floor at p = 0.024 in a test run).
     */
    static final double P_SUSPECTED = 0.01;
    static final double P_LIKELY = 0.001;
    /**
     * The growth over one window must be at least this share of the limit to be worth a page. At 1%, a
     * churning Parallel heap (128 MB) was flagged: its floors creep by a few KB per full GC and jump by
     * whole working-set slots (0.45 MB), which Mann-Kendall reads as a rise of 1.2 MiB/min. 3% of a 4 GiB
     * heap over the default 30 minutes is still only 45 KB/s.
     */
    static final double MEANINGFUL_SHARE = 0.03;
    private static final long MAX_MIN_SPAN_MILLIS = 120_000;
    /**
     * Decision time follows urgency: when the fitted floor reaches the limit within this time (and
     * the slope's 95% range excludes zero), {@value #MIN_SAMPLES} floors over {@link #URGENT_MIN_SPAN_MILLIS}
     * are enough, and {@code likely} needs p &lt; {@link #P_SUSPECTED} (six strictly rising floors give
     * 0.0043; p &lt; 0.001 would need eight whatever the speed). Persistence still applies in full.
     * Eight minutes, not ten: a 1 MiB/s leak on a 512 MiB heap runs out in 6.8-7.3 min when first
     * flagged (37 runs, five collectors), and a 2 GiB Serial or Parallel heap whose cache fills 200 MB at
     * 2 MB/s for 100 s (healthy) in 9.5-10 min, where three rising histograms made it {@code likely}.
     */
    static final long URGENT_MILLIS = 8 * 60_000L;
    static final long URGENT_MIN_SPAN_MILLIS = 30_000;
    static final int MIN_LIVE_TOTALS = 2;

    private LeakAnalyzer() {
    }

    /**
     * @param times floor times (ms, non-decreasing as recorded; any that step back are dropped)
     * @param floorIntervalHintMillis expected time between floors when too few are known, -1 if unknown
     */
    static LeakVerdict analyze(long[] times, long[] bytes, long nowMillis, long windowMillis, long maxBytes,
            long floorIntervalHintMillis) {
        return analyze(times, bytes, nowMillis, windowMillis, maxBytes, floorIntervalHintMillis, 0);
    }

    /** As above, ignoring floors before {@code notBeforeMillis} (the JVM's own warm-up). */
    static LeakVerdict analyze(long[] times, long[] bytes, long nowMillis, long windowMillis, long maxBytes,
            long floorIntervalHintMillis, long notBeforeMillis) {
        return analyze(times, bytes, nowMillis, windowMillis, maxBytes, floorIntervalHintMillis, notBeforeMillis, times.length);
    }

    /**
     * As above; {@code floorsHeld} counts every floor the sampler holds, the JVM's first minute
     * included, so the reason can say that collections have happened even if none count yet.
     */
    static LeakVerdict analyze(long[] times, long[] bytes, long nowMillis, long windowMillis, long maxBytes,
            long floorIntervalHintMillis, long notBeforeMillis, int floorsHeld) {
        long[][] w = window(times, bytes, nowMillis, Math.min(windowMillis, nowMillis - notBeforeMillis));
        long[] t = w[0];
        long[] y = w[1];
        int n = t.length;
        long span = n == 0 ? 0 : t[n - 1] - t[0];
        long minSpan = minSpan(windowMillis);
        long[] noExhaustion = {-1, -1, -1};
        boolean urgent = n >= MIN_SAMPLES && span >= URGENT_MIN_SPAN_MILLIS && urgent(TheilSen.fit(t, y, 0, n), t[n - 1], y[n - 1], maxBytes);
        if (n < MIN_SAMPLES || (span < minSpan && !urgent)) {
            long warmUpLeft = Math.max(0, notBeforeMillis - nowMillis);
            long eta = eta(n, span, minSpan, floorIntervalHintMillis);
            eta = eta < 0 ? -1 : eta + warmUpLeft;
            String reason = "not enough GC data yet: " + n + " of " + MIN_SAMPLES + " floors over " + Format.duration(span)
                    + " (need " + Format.duration(minSpan) + "); "
                    + (eta >= 0 ? "about " + Format.duration(eta) + " more at the current collection rate"
                            : floorsHeld > 0 ? floorsHeld + (floorsHeld == 1 ? " floor" : " floors") + " so far, too few to time the next ones"
                                    : "no collection has reclaimed old space yet, so how long is unknown")
                    + (warmUpLeft > 0 ? " (floors from the JVM's first minute are ignored: " + Format.duration(warmUpLeft) + " of it left)"
                            : nowMillis - notBeforeMillis < windowMillis ? " (floors from the JVM's first minute are ignored)" : "");
            return new LeakVerdict(LeakVerdict.Level.NONE, reason, new double[3], 0, windowMillis, span, t, y, maxBytes,
                    noExhaustion, Math.max(eta, -1));
        }
        TheilSen.Fit fit = TheilSen.fit(t, y, 0, n);
        double p = MannKendall.pRising(y, 0, n);
        Persistence.Result persist = Persistence.check(t, y, 0, n, fit);
        double perMin = fit.slope * 60_000;
        double[] growth = {perMin, fit.low * 60_000, fit.high * 60_000};
        double confidence = Math.round((1 - p) * 1000) / 1000.0;
        boolean meaningful = fit.slope * windowMillis >= MEANINGFUL_SHARE * maxBytes;
        String rate = Format.bytes((long) perMin) + "/min";
        String pText = String.format(Locale.ROOT, "p=%.3g", p);
        LeakVerdict.Level level;
        String reason;
        if (fit.slope <= 0 || p >= P_SUSPECTED) {
            level = LeakVerdict.Level.NONE;
            reason = "the floor is not rising significantly (" + rate + ", Mann-Kendall " + pText + ")";
        } else if (!meaningful) {
            level = LeakVerdict.Level.NONE;
            reason = "the floor rises by " + rate + ", under " + (int) (MEANINGFUL_SHARE * 100) + "% of the limit per window";
        } else if (!persist.mostly()) {
            level = LeakVerdict.Level.NONE;
            reason = "the floor rose (" + rate + ") but not lately: it rose across " + persist.rising + " of " + persist.boundaries
                    + " parts of the window (a cache warming up, a one-off step, a sawtooth or load bursts look like this)";
        } else if (persist.everywhere() && (p < P_LIKELY || urgent)) {
            level = LeakVerdict.Level.LIKELY;
            reason = "the floor rises steadily by " + rate + " in every part of the window (Mann-Kendall " + pText + ")"
                    + (p < P_LIKELY ? "" : "; p < " + P_SUSPECTED + " suffices because the heap runs out within "
                            + Format.duration(URGENT_MILLIS) + " at this rate");
        } else {
            level = LeakVerdict.Level.SUSPECTED;
            reason = "the floor rises by " + rate + " (Mann-Kendall " + pText + ") across " + persist.rising + " of "
                    + persist.boundaries + " parts of the window, and still lately";
        }
        long[] exhaustion = level == LeakVerdict.Level.NONE ? noExhaustion : exhaustion(fit, t[n - 1], y[n - 1], maxBytes);
        return new LeakVerdict(level, reason, growth, confidence, windowMillis, span, t, y, maxBytes, exhaustion, 0);
    }

    /**
     * Once a verdict is raised, the slope of the live class histograms' totals gives its rate (and
     * projection), on every collector. A histogram counts live objects only (the JVM's filler
     * objects left out), while floors include garbage: ZGC and Shenandoah do not compact every
     * page and G1's mixed phases skip regions, by an amount that drifts as the heap fills (ZGC's
     * floors read 21–27% fast, once 29% slow; G1's mixed floors 13–20% slow at first flag), and
     * Serial's and Parallel's full collections leave dead wood uncompacted (up to
     * MarkSweepDeadRatio, 5% of the old generation, on 3 full GCs of 4: floors 4 MB apart on a
     * 128 MB Serial heap 40 ms apart, which put a 60 s window's slope at +46%, while the
     * histograms' totals rose by 2.55 MB every 10 s to within 1%). Two histograms are enough:
     * the class list, and so the first report a user acts on, starts with two; the 95% range
     * then spans both the floors' range and the histograms' rate. Returns {@code v} unchanged
     * when there are fewer or they do not rise.
     */
    static LeakVerdict withLiveRate(LeakVerdict v, long[] times, long[] liveBytes, long nowMillis, long lookBackMillis) {
        if (v.level == LeakVerdict.Level.NONE) {
            return v;
        }
        // Looks back as far as histograms are kept (the window or 4 intervals, whichever is longer), not
        // just the window: with the default 2m interval a 5m window holds only 2, and totals are exact.
        long[][] w = window(times, liveBytes, nowMillis, Math.max(lookBackMillis, v.windowMillis));
        int n = w[0].length;
        if (n < MIN_LIVE_TOTALS) {
            return v;
        }
        TheilSen.Fit fit = TheilSen.fit(w[0], w[1], 0, n);
        if (fit.slope <= 0) {
            return v;
        }
        String reason = v.reason + "; the rate, " + Format.bytes((long) (fit.slope * 60_000)) + "/min, is from " + n
                + " live class histograms (exact live bytes; floors include garbage the collector left)";
        long[] exhaustion = exhaustion(fit, v.times[v.times.length - 1], v.floorBytes(), v.maxBytes);
        double low = fit.low * 60_000;
        double high = fit.high * 60_000;
        if (n == 2) {
            // One pairwise slope has no spread of its own.
            low = Math.min(low, v.growthLowBytesPerMinute);
            high = Math.max(high, v.growthHighBytesPerMinute);
        }
        // keeps the signal: a verdict the histograms hold must not read as the floors'
        return new LeakVerdict(v.level, reason, new double[] {fit.slope * 60_000, low, high},
                v.confidence, v.windowMillis, v.spanMillis, v.times, v.bytes, v.maxBytes, exhaustion, v.dataEtaMillis)
                .with(v.level, reason, v.signal);
    }

    /**
     * One kind of floor per window. A G1 floor after a mixed phase still holds the garbage of the
     * regions it skipped (about 10 MB above the full-GC floor on a 128 MB heap, measured here), so
     * full collections, such as the ones our own class histograms cause once a leak is suspected,
     * form a second, lower line; mixing the two bends the slope down (G1 read 13–24% low at first
     * flag before this). The whole-space floors win once there are {@value #MIN_SAMPLES} of them
     * from {@code fromMillis} on; until then the mixed ones. Collectors with one kind are untouched.
     */
    static long[][] oneKind(long[] times, long[] bytes, boolean[] whole, long fromMillis) {
        int wholeInWindow = 0;
        int partial = 0;
        for (int i = 0; i < times.length; i++) {
            if (whole[i] && times[i] >= fromMillis) {
                wholeInWindow++;
            }
            if (!whole[i]) {
                partial++;
            }
        }
        if (partial == 0 || partial == times.length) {
            return new long[][] {times, bytes};
        }
        boolean keepWhole = wholeInWindow >= MIN_SAMPLES;
        int n = 0;
        for (boolean w : whole) {
            n += w == keepWhole ? 1 : 0;
        }
        long[] t = new long[n];
        long[] y = new long[n];
        int k = 0;
        for (int i = 0; i < times.length; i++) {
            if (whole[i] == keepWhole) {
                t[k] = times[i];
                y[k++] = bytes[i];
            }
        }
        return new long[][] {t, y};
    }

    /**
     * Whether a raised floors verdict spans less than {@link #minSpan}: only urgency let it through, and
     * a ramp that short can be one filling phase of a sawtooth. Measured: ZGC 256 MiB with 40 MB
     * filled over 30 s and dropped, floors from 60 s on (the first minute is ignored) rose 37 to 91
     * MB in 30 s and read {@code likely} at 90 s, until the drop.
     */
    static boolean shortSpan(LeakVerdict v) {
        return v.level != LeakVerdict.Level.NONE && v.dataEtaMillis == 0 && v.spanMillis < minSpan(v.windowMillis);
    }

    /** A {@link #shortSpan} verdict held at none until histograms (20 s apart over 40 s, never all in one phase of such a sawtooth) decide. */
    static LeakVerdict heldShortSpan(LeakVerdict v) {
        return v.heldForHistograms("the floor rises by " + Format.bytes((long) v.growthBytesPerMinute) + "/min, steeply enough to exhaust the heap within "
                + Format.duration(URGENT_MILLIS) + ", but over only " + Format.duration(v.spanMillis) + " (less than the "
                + Format.duration(minSpan(v.windowMillis)) + " a verdict otherwise needs): one filling phase of a "
                + "sawtooth looks like this, so live class histograms will confirm or clear it; " + v.reason);
    }

    /** Half the window, capped at two minutes: a verdict needs some time, but not a whole window. */
    static long minSpan(long windowMillis) {
        return Math.min(windowMillis / 2, MAX_MIN_SPAN_MILLIS);
    }

    /** The floors in the window, monotonic in time, thinned evenly to at most MAX_POINTS. */
    static long[][] window(long[] times, long[] bytes, long now, long windowMillis) {
        long[] t = new long[times.length];
        long[] y = new long[times.length];
        int n = 0;
        for (int i = 0; i < times.length; i++) {
            boolean inWindow = times[i] >= now - windowMillis && times[i] <= now;
            // A sample that steps back in time (a clock that jumped) cannot be placed on the line: drop it.
            if (inWindow && (n == 0 || times[i] > t[n - 1])) {
                t[n] = times[i];
                y[n] = bytes[i];
                n++;
            }
        }
        int keep = Math.min(n, MAX_POINTS);
        long[] tt = new long[keep];
        long[] yy = new long[keep];
        for (int i = 0; i < keep; i++) {
            int src = keep == n ? i : (int) ((long) i * (n - 1) / (keep - 1));
            tt[i] = t[src];
            yy[i] = y[src];
        }
        return new long[][] {tt, yy};
    }

    private static long eta(int n, long span, long minSpan, long hint) {
        long perFloor = n >= 2 ? span / (n - 1) : hint;
        long bySamples = n >= MIN_SAMPLES ? 0 : perFloor < 0 ? -1 : (MIN_SAMPLES - n) * perFloor;
        if (bySamples < 0) {
            return -1;
        }
        return Math.max(bySamples, minSpan - span);
    }

    /** Whether the fitted line reaches the limit within {@link #URGENT_MILLIS}, with a slope whose 95% range excludes zero. */
    static boolean urgent(TheilSen.Fit fit, long lastT, long lastY, long max) {
        if (fit.low <= 0 || max <= 0) {
            return false;
        }
        long[] at = exhaustion(fit, lastT, lastY, max);
        return at[0] > 0 && at[0] - lastT < URGENT_MILLIS;
    }

    /** When the fitted line reaches the limit, with the range the slope's confidence interval gives. */
    static long[] exhaustion(TheilSen.Fit fit, long lastT, long lastY, long max) {
        if (max <= 0 || fit.slope <= 0) {
            return new long[] {-1, -1, -1};
        }
        double from = Math.max(fit.at(lastT), lastY);
        double room = Math.max(0, max - from);
        long at = lastT + (long) (room / fit.slope);
        long earliest = fit.high > 0 ? lastT + (long) (room / fit.high) : at;
        long latest = fit.low > 0 ? lastT + (long) (room / fit.low) : -1;
        return new long[] {at, earliest, latest};
    }
}
