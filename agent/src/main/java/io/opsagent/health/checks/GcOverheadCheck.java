package io.opsagent.health.checks;

import io.opsagent.config.ConfigException;
import io.opsagent.config.Values;
import io.opsagent.gc.GcOverhead;
import java.util.ArrayDeque;

/**
 * Share of wall time spent in GC over {@code window} (default 5m), from the collectors' cumulative
 * times sampled at each run. Until a window's worth of samples exists it uses what it has, and on
 * the first run the figure since JVM start.
 */
final class GcOverheadCheck implements Check {
    private static final String DEFAULT_WINDOW = "5m";
    /** Bounds memory whatever the interval and window: one sample per run is plenty. */
    private static final int MAX_SAMPLES = 1024;
    private final ArrayDeque<long[]> samples = new ArrayDeque<long[]>();

    @Override
    public synchronized Observation measure(CheckSpec spec, int timeoutMillis) {
        long window = Values.parseDurationMillis(spec.get("window", DEFAULT_WINDOW));
        long now = System.nanoTime() / 1_000_000;
        long gc = GcOverhead.totalMillis();
        samples.addLast(new long[] {now, gc});
        while (samples.size() > MAX_SAMPLES || (samples.size() > 2 && now - samples.peekFirst()[0] > window)) {
            samples.removeFirst();
        }
        double share;
        long span;
        long[] oldest = samples.peekFirst();
        if (samples.size() < 2 || now - oldest[0] <= 0) {
            share = GcOverhead.sinceStart();
            span = -1;
        } else {
            span = now - oldest[0];
            share = Math.min(1.0, (gc - oldest[1]) / (double) span);
        }
        double pct = Math.round(share * 1000) / 10.0;
        return Observation.of(pct, pct + "% of the time in GC " + (span < 0 ? "since JVM start" : "over the last " + Values.formatDuration(span / 1000 * 1000)));
    }

    @Override
    public void validate(CheckSpec spec) throws ConfigException {
        try {
            Values.duration(1000).parse(spec.get("window", DEFAULT_WINDOW));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(spec.fullKey("window"), "'" + spec.get("window") + "' " + e.getMessage());
        }
    }
}
