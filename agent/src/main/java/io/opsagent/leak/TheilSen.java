package io.opsagent.leak;

import java.util.Arrays;

/**
 * The Theil–Sen slope: the median of the slopes between every pair of points. Unlike least squares,
 * one outlier (a floor taken right after a load burst) cannot drag it; O(n²) on the few hundred
 * points a window holds is cheap.
 */
final class TheilSen {
    /** Slope and its ~95% confidence range (Sen's method), in bytes per millisecond. */
    static final class Fit {
        final double slope;
        final double low;
        final double high;
        final double intercept;

        Fit(double slope, double low, double high, double intercept) {
            this.slope = slope;
            this.low = low;
            this.high = high;
            this.intercept = intercept;
        }

        double at(double t) {
            return intercept + slope * t;
        }
    }

    private static final double Z95 = 1.96;

    private TheilSen() {
    }

    /** Fits y over t; points with equal times are skipped as pairs. Needs at least two distinct times. */
    static Fit fit(long[] t, long[] y, int from, int to) {
        int n = to - from;
        double[] slopes = new double[Math.max(0, n * (n - 1) / 2)];
        int k = 0;
        for (int i = from; i < to; i++) {
            for (int j = i + 1; j < to; j++) {
                long dt = t[j] - t[i];
                if (dt != 0) {
                    slopes[k++] = (double) (y[j] - y[i]) / dt;
                }
            }
        }
        if (k == 0) {
            return new Fit(0, 0, 0, n == 0 ? 0 : y[from]);
        }
        Arrays.sort(slopes, 0, k);
        double slope = median(slopes, k);
        double[] residuals = new double[n];
        for (int i = 0; i < n; i++) {
            residuals[i] = y[from + i] - slope * t[from + i];
        }
        Arrays.sort(residuals);
        double intercept = median(residuals, n);
        // Sen (1968): the confidence bounds are order statistics of the pairwise slopes, offset by
        // z times the standard deviation of the Mann–Kendall statistic.
        double c = Z95 * Math.sqrt(MannKendall.variance(y, from, to));
        int lo = (int) Math.floor((k - c) / 2);
        int hi = (int) Math.ceil((k + c) / 2);
        double low = slopes[Math.max(0, Math.min(k - 1, lo))];
        double high = slopes[Math.max(0, Math.min(k - 1, hi))];
        return new Fit(slope, low, high, intercept);
    }

    static double median(double[] sorted, int n) {
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }
}
