package io.opsagent.metrics;

/**
 * A metric family's type, named as each exposition format names it. The Prometheus text format has no
 * {@code info} type, so an info family is a gauge there, exactly as the Prometheus Java client writes it.
 */
public enum MetricType {
    GAUGE("gauge", "gauge"),
    COUNTER("counter", "counter"),
    SUMMARY("summary", "summary"),
    INFO("gauge", "info");

    final String textName;
    final String openMetricsName;

    MetricType(String textName, String openMetricsName) {
        this.textName = textName;
        this.openMetricsName = openMetricsName;
    }

    /** The type named in an older {@link PrometheusWriter#sample} call: {@code gauge}, {@code counter}... */
    static MetricType parse(String name) {
        for (MetricType t : values()) {
            if (t.openMetricsName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown metric type " + name);
    }
}
