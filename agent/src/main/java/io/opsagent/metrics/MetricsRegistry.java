package io.opsagent.metrics;

import io.opsagent.util.Log;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Features add what they know to {@code /metrics} through a source, computed from the same code
 * their JSON endpoints use, so the two never disagree. A failing source is skipped, not fatal.
 */
public final class MetricsRegistry {
    /** Writes its metric families. Called on a request thread at scrape time. */
    public interface Source {
        void write(PrometheusWriter w);
    }

    private final List<Source> sources = new CopyOnWriteArrayList<Source>();

    public void add(Source s) {
        sources.add(s);
    }

    public void remove(Source s) {
        sources.remove(s);
    }

    /** Every source's families, in the order the sources were added. */
    public List<MetricFamily> collect() {
        PrometheusWriter w = new PrometheusWriter();
        for (Source s : sources) {
            try {
                s.write(w);
            } catch (RuntimeException | LinkageError e) {
                Log.debug("metrics source " + s + " failed: " + e);
            }
        }
        return w.families();
    }

    /** The Prometheus text format 0.0.4. */
    public String scrape() {
        return TextFormat.INSTANCE.write(collect());
    }
}
