package io.opsagent.leak;

import java.util.Arrays;

/**
 * The rule that keeps a warming cache, a one-off step and a sawtooth quiet: the window is cut into
 * consecutive segments, and the floor must rise between the medians of neighbouring segments, by at
 * least {@link #SHARE} of what the overall slope predicts, and the newest segment must still slope
 * upward at that share, with its newest floors above the first segment and the lows of the
 * window's second half above those of its first. A step rises across one boundary only; a plateau
 * stops rising at the end; a sawtooth falls back to the same lows.
 * A rise must also exceed what the scatter around the fitted line could produce between two
 * medians, or a small slope (a step's) would let noise count as rising.
 */
final class Persistence {
    /** Share of the overall slope a part of the window must keep (Coroot's memory audit uses 0.3). */
    static final double SHARE = 0.3;
    /** How many of the newest floors must not have fallen back to the window's start. */
    static final int NEWEST = 3;
    /** The lows of each half of the window: this quantile of its floors. */
    static final double LOW_QUANTILE = 0.1;

    /** How many boundaries rose, out of how many, and whether the newest segment still slopes up. */
    static final class Result {
        final int rising;
        final int boundaries;
        final boolean recentRising;

        Result(int rising, int boundaries, boolean recentRising) {
            this.rising = rising;
            this.boundaries = boundaries;
            this.recentRising = recentRising;
        }

        boolean everywhere() {
            return recentRising && rising == boundaries;
        }

        boolean mostly() {
            return recentRising && rising * 2 >= boundaries + 1;
        }
    }

    private Persistence() {
    }

    /** Segments: four when there are at least eight points, three otherwise (needs at least six). */
    static Result check(long[] t, long[] y, int from, int to, TheilSen.Fit fit) {
        double overallSlope = fit.slope;
        int n = to - from;
        int parts = n >= 8 ? 4 : 3;
        double[] medT = new double[parts];
        double[] medY = new double[parts];
        for (int p = 0; p < parts; p++) {
            int a = from + n * p / parts;
            int b = from + n * (p + 1) / parts;
            medT[p] = median(t, a, b);
            medY[p] = median(y, a, b);
        }
        double noise = noiseOfMedianDifference(t, y, from, to, fit, n / parts);
        int rising = 0;
        boolean lastBoundaryRose = false;
        for (int p = 1; p < parts; p++) {
            double expected = overallSlope * (medT[p] - medT[p - 1]);
            if (medY[p] - medY[p - 1] >= Math.max(SHARE * expected, noise) && medY[p] > medY[p - 1]) {
                rising++;
                lastBoundaryRose = p == parts - 1;
            }
        }
        // The newest segment must have risen above the one before, and its own slope must not rule
        // out growth at SHARE of the overall rate (its 95% upper bound, so noise alone cannot veto).
        int lastFrom = from + n * (parts - 1) / parts;
        boolean recent = lastBoundaryRose;
        if (recent && to - lastFrom >= 3) {
            recent = TheilSen.fit(t, y, lastFrom, to).high >= SHARE * overallSlope;
        }
        // A sawtooth gives its rise back at each drop, a leak never does: the newest floors (their
        // median, so one low floor cannot) must stay above the first segment. Measured: ZGC 256 MiB,
        // 40 MB filled over 30 s and dropped, a window holding two teeth read suspected (p = 0.0007,
        // the newest segment's median above the one before) with its newest floors at 39-45 MB
        // against 56 MB at the window's start.
        if (recent && to - from >= NEWEST) {
            recent = median(y, to - NEWEST, to) > medY[0];
        }
        // ... and its lows rise with it: a window holding three teeth, the newest at its top, passed
        // every test above (p = 0.0002) while each tooth started from 37-39 MB.
        if (recent) {
            int mid = from + n / 2;
            double expected = overallSlope * (median(t, mid, to) - median(t, from, mid));
            recent = low(y, mid, to) - low(y, from, mid) >= SHARE * expected;
        }
        return new Result(rising, parts - 1, recent && overallSlope > 0);
    }

    /**
     * Two standard errors of the difference of two segment medians, from the residuals' robust
     * spread (1.4826 × MAD estimates σ; a median of m points has a standard error of 1.2533 σ/√m).
     */
    static double noiseOfMedianDifference(long[] t, long[] y, int from, int to, TheilSen.Fit fit, int perSegment) {
        int n = to - from;
        long[] residuals = new long[n];
        for (int i = 0; i < n; i++) {
            residuals[i] = Math.round(y[from + i] - fit.at(t[from + i]));
        }
        double center = median(residuals, 0, n);
        long[] deviations = new long[n];
        for (int i = 0; i < n; i++) {
            deviations[i] = Math.round(Math.abs(residuals[i] - center));
        }
        double sigma = 1.4826 * median(deviations, 0, n);
        return 2 * 1.2533 * sigma * Math.sqrt(2.0 / Math.max(1, perSegment));
    }

    /** The {@value #LOW_QUANTILE} quantile of {@code v[a..b)}: a tooth's bottom, robust to one low outlier. */
    private static long low(long[] v, int a, int b) {
        long[] c = Arrays.copyOfRange(v, a, b);
        Arrays.sort(c);
        return c[(int) (LOW_QUANTILE * (c.length - 1))];
    }

    private static double median(long[] v, int a, int b) {
        long[] c = Arrays.copyOfRange(v, a, b);
        Arrays.sort(c);
        int n = c.length;
        return n % 2 == 1 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2.0;
    }
}
