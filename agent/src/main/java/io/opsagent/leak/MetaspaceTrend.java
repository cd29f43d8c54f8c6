package io.opsagent.leak;

import java.util.Locale;

/**
 * A leak of its own kind: class loaders created and never freed. It shows in the number of classes
 * loaded and not unloaded, and in Metaspace, not in the old generation. Growth that keeps on (rises
 * in every part of the window, significantly, by a meaningful number of classes) is a leak; class
 * loading that levels off after warm-up is not. Pure.
 */
final class MetaspaceTrend {
    /** At least this many classes more per window: a JVM loads a few classes now and then (reflection, lambdas). */
    static final long MIN_CLASSES_PER_WINDOW = 200;
    /** Shortest window used, whatever leak.window says: class loading is sampled every tick only. */
    static final long MIN_WINDOW_MILLIS = 120_000;

    /** The verdict for Metaspace, with its figures. */
    static final class Result {
        final LeakVerdict.Level level;
        final String reason;
        final double classesPerMinute;
        final double bytesPerMinute;

        Result(LeakVerdict.Level level, String reason, double classesPerMinute, double bytesPerMinute) {
            this.level = level;
            this.reason = reason;
            this.classesPerMinute = classesPerMinute;
            this.bytesPerMinute = bytesPerMinute;
        }
    }

    private MetaspaceTrend() {
    }

    /**
     * @param classes loaded minus unloaded classes at each sample
     * @param metaspaceBytes Metaspace used at each sample (-1 when the pool is unknown)
     */
    static Result analyze(long[] times, long[] classes, long[] metaspaceBytes, long nowMillis, long windowMillis, long notBeforeMillis) {
        long window = Math.max(windowMillis, MIN_WINDOW_MILLIS);
        long[][] w = LeakAnalyzer.window(times, classes, nowMillis, Math.min(window, nowMillis - notBeforeMillis));
        long[][] m = LeakAnalyzer.window(times, metaspaceBytes, nowMillis, Math.min(window, nowMillis - notBeforeMillis));
        int n = w[0].length;
        long minSpan = LeakAnalyzer.minSpan(window);
        if (n < LeakAnalyzer.MIN_SAMPLES || w[0][n - 1] - w[0][0] < minSpan) {
            return new Result(LeakVerdict.Level.NONE, "not enough samples yet: " + n + " over " + Format.duration(n == 0 ? 0 : w[0][n - 1] - w[0][0])
                    + " (need " + LeakAnalyzer.MIN_SAMPLES + " over " + Format.duration(minSpan) + ", after the JVM's first minute)", 0, 0);
        }
        TheilSen.Fit fit = TheilSen.fit(w[0], w[1], 0, n);
        double perMin = fit.slope * 60_000;
        double bytesPerMin = TheilSen.fit(m[0], m[1], 0, n).slope * 60_000;
        double p = MannKendall.pRising(w[1], 0, n);
        String rate = String.format(Locale.ROOT, "%.0f classes/min (Metaspace %s/min, Mann-Kendall p=%.3g)", perMin,
                Format.bytes((long) bytesPerMin), p);
        if (fit.slope <= 0 || p >= LeakAnalyzer.P_SUSPECTED) {
            return new Result(LeakVerdict.Level.NONE, "loaded classes are not rising significantly: " + rate, perMin, bytesPerMin);
        }
        if (fit.slope * window < MIN_CLASSES_PER_WINDOW) {
            return new Result(LeakVerdict.Level.NONE, "loaded classes rise by " + rate + ", under " + MIN_CLASSES_PER_WINDOW + " per window",
                    perMin, bytesPerMin);
        }
        Persistence.Result persist = Persistence.check(w[0], w[1], 0, n, fit);
        if (!persist.mostly()) {
            return new Result(LeakVerdict.Level.NONE, "loaded classes rose (" + rate + ") but level off: warm-up or a one-off load",
                    perMin, bytesPerMin);
        }
        LeakVerdict.Level level = persist.everywhere() && p < LeakAnalyzer.P_LIKELY ? LeakVerdict.Level.LIKELY : LeakVerdict.Level.SUSPECTED;
        return new Result(level, "classes loaded and never unloaded keep rising by " + rate + " across " + persist.rising + " of "
                + persist.boundaries + " parts of the window: class loaders are kept alive (a class-loader leak)", perMin, bytesPerMin);
    }
}
