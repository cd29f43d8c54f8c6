package io.opsagent.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the sources write into during one scrape: metric families by name, each declared once (both
 * formats require a family's samples to be contiguous), in the order first written. {@link TextFormat} and
 * {@link OpenMetricsFormat} turn them into bytes.
 */
public final class PrometheusWriter {
    /** Units the short calls below read off a name's last word, as OpenMetrics wants them declared. */
    private static final String[] UNITS = {"bytes", "seconds", "ratio"};

    private final Map<String, MetricFamily> families = new LinkedHashMap<String, MetricFamily>();

    /** The family of that name, declared now if it is new. A name declared twice keeps its first type. */
    public MetricFamily family(String name, MetricType type, String help, String unit) {
        MetricFamily f = families.get(name);
        if (f == null) {
            f = new MetricFamily(name, type, help, unit);
            families.put(name, f);
        }
        return f;
    }

    /** A gauge sample without labels; the unit is read off the name ({@code _bytes}, {@code _seconds}, {@code _ratio}). */
    public PrometheusWriter gauge(String name, String help, double value) {
        return sample(name, "gauge", help, value);
    }

    /** A counter sample without labels; {@code name} may end with {@code _total}, which the family name leaves out. */
    public PrometheusWriter counter(String name, String help, double value) {
        return sample(name, "counter", help, value);
    }

    /** A {@code gauge} or {@code counter} sample with labels given as name, value, name, value... */
    public PrometheusWriter sample(String name, String type, String help, double value, String... labels) {
        MetricType t = MetricType.parse(type);
        String base = t == MetricType.COUNTER && name.endsWith(MetricFamily.TOTAL)
                ? name.substring(0, name.length() - MetricFamily.TOTAL.length()) : name;
        family(base, t, help, unitOf(base)).add(t == MetricType.COUNTER ? MetricFamily.TOTAL : "", value, labels);
        return this;
    }

    /** A summary without quantiles: how many and how much in all, as the Java client writes GC times. */
    public PrometheusWriter summary(String name, String help, String unit, long count, double sum, String... labels) {
        family(name, MetricType.SUMMARY, help, unit).add(MetricFamily.COUNT, count, labels).add(MetricFamily.SUM, sum, labels);
        return this;
    }

    /** An info family: {@code name_info{labels} 1}. */
    public PrometheusWriter info(String name, String help, String... labels) {
        family(name, MetricType.INFO, help, null).add(MetricFamily.INFO, 1, labels);
        return this;
    }

    public List<MetricFamily> families() {
        return new ArrayList<MetricFamily>(families.values());
    }

    static String unitOf(String name) {
        for (String u : UNITS) {
            if (name.endsWith("_" + u)) {
                return u;
            }
        }
        return null;
    }

    /** The 0.0.4 text format, for logs and tests. */
    @Override
    public String toString() {
        return TextFormat.INSTANCE.write(families());
    }
}
