package io.opsagent.leak;

import java.util.Arrays;

/**
 * The Mann–Kendall trend test: counts rising against falling pairs and asks, through a normal
 * approximation, how likely that excess is by chance. It assumes independent points, which heap
 * floors are not, so its answer is never used alone (see {@link Persistence}).
 */
final class MannKendall {
    private MannKendall() {
    }

    /** S: rising pairs minus falling pairs. */
    static long s(long[] y, int from, int to) {
        long s = 0;
        for (int i = from; i < to; i++) {
            for (int j = i + 1; j < to; j++) {
                s += Long.signum(y[j] - y[i]);
            }
        }
        return s;
    }

    /** Variance of S under no trend, corrected for tied values. */
    static double variance(long[] y, int from, int to) {
        int n = to - from;
        double v = n * (n - 1.0) * (2.0 * n + 5.0);
        long[] sorted = Arrays.copyOfRange(y, from, to);
        Arrays.sort(sorted);
        int i = 0;
        while (i < n) {
            int j = i;
            while (j < n && sorted[j] == sorted[i]) {
                j++;
            }
            double ties = j - i;
            if (ties > 1) {
                v -= ties * (ties - 1) * (2 * ties + 5);
            }
            i = j;
        }
        return v / 18.0;
    }

    /** One-sided p-value of "the series rises": small when it clearly does. */
    static double pRising(long[] y, int from, int to) {
        if (to - from < 3) {
            return 1.0;
        }
        long s = s(y, from, to);
        double var = variance(y, from, to);
        if (var <= 0) {
            return 1.0;
        }
        double z = s > 0 ? (s - 1) / Math.sqrt(var) : s < 0 ? (s + 1) / Math.sqrt(var) : 0;
        return 1.0 - normalCdf(z);
    }

    /** Φ(z), Abramowitz–Stegun 7.1.26 (error below 1.5e-7: plenty for a verdict). */
    static double normalCdf(double z) {
        double x = Math.abs(z) / Math.sqrt(2);
        double t = 1 / (1 + 0.3275911 * x);
        double erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t
                * Math.exp(-x * x);
        return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
    }
}
