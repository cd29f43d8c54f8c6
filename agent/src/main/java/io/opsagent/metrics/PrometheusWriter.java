package io.opsagent.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the Prometheus text exposition format (version 0.0.4): one HELP and TYPE line per metric
 * family, label values escaped, numbers in Go's float syntax (NaN, +Inf).
 */
public final class PrometheusWriter {
    /** Samples grouped by family: the format requires a family's samples to be contiguous. */
    private final Map<String, StringBuilder> families = new LinkedHashMap<String, StringBuilder>();

    /** A sample without labels. */
    public PrometheusWriter gauge(String name, String help, double value) {
        return sample(name, "gauge", help, value);
    }

    public PrometheusWriter counter(String name, String help, double value) {
        return sample(name, "counter", help, value);
    }

    /** A sample with labels given as name, value, name, value, ... */
    public PrometheusWriter sample(String name, String type, String help, double value, String... labels) {
        StringBuilder out = families.get(name);
        if (out == null) {
            out = new StringBuilder(256);
            families.put(name, out);
            out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
            out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        }
        out.append(name);
        if (labels.length > 0) {
            out.append('{');
            for (int i = 0; i + 1 < labels.length; i += 2) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(format(value)).append('\n');
        return this;
    }

    static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    @Override
    public String toString() {
        StringBuilder all = new StringBuilder(4096);
        for (StringBuilder f : families.values()) {
            all.append(f);
        }
        return all.toString();
    }
}
