package io.opsagent.metrics;

import java.util.List;

/** Turns metric families into the bytes of one exposition format. */
abstract class ExpositionFormat {
    private final String contentType;

    ExpositionFormat(String contentType) {
        this.contentType = contentType;
    }

    /** The Content-Type this format is served with. */
    final String contentType() {
        return contentType;
    }

    abstract String write(List<MetricFamily> families);

    /** Label values: backslash, double quote and line feed escaped, in both formats. */
    static String escapeLabel(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** Numbers in Go's float syntax, which both formats use: NaN, +Inf, -Inf; whole numbers without a fraction. */
    static String number(double v) {
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

    static void sample(StringBuilder out, String name, MetricFamily.Sample s) {
        out.append(name).append(s.suffix);
        if (s.labels.length > 0) {
            out.append('{');
            for (int i = 0; i + 1 < s.labels.length; i += 2) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(s.labels[i]).append("=\"").append(escapeLabel(s.labels[i + 1])).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(number(s.value)).append('\n');
    }
}
