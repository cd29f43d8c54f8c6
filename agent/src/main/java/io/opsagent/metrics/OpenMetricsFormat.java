package io.opsagent.metrics;

import java.util.List;

/**
 * OpenMetrics 1.0.0 text: families named without {@code _total}/{@code _info}, TYPE then UNIT then HELP,
 * counters' samples as {@code _total} (and {@code _created} where the agent knows when counting began),
 * and {@code # EOF} last, which tells a scraper the answer is complete.
 */
final class OpenMetricsFormat extends ExpositionFormat {
    static final OpenMetricsFormat INSTANCE = new OpenMetricsFormat();
    static final String CONTENT_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private OpenMetricsFormat() {
        super(CONTENT_TYPE);
    }

    @Override
    String write(List<MetricFamily> families) {
        StringBuilder out = new StringBuilder(16384);
        for (MetricFamily f : families) {
            out.append("# TYPE ").append(f.name).append(' ').append(f.type.openMetricsName).append('\n');
            if (f.unit != null) {
                out.append("# UNIT ").append(f.name).append(' ').append(f.unit).append('\n');
            }
            out.append("# HELP ").append(f.name).append(' ').append(escapeLabel(f.help)).append('\n');
            for (MetricFamily.Sample s : f.samples()) {
                sample(out, f.name, s);
            }
        }
        return out.append("# EOF\n").toString();
    }
}
