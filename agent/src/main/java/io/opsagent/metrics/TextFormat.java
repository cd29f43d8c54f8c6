package io.opsagent.metrics;

import java.util.List;

/**
 * The Prometheus text format 0.0.4, written as the Prometheus Java client writes it: a counter's HELP and
 * TYPE name it with {@code _total}, an info family is a gauge named {@code _info}, no {@code _created}
 * samples (Prometheus would store them as series of their own), no UNIT lines (0.0.4 has none).
 */
final class TextFormat extends ExpositionFormat {
    static final TextFormat INSTANCE = new TextFormat();
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private TextFormat() {
        super(CONTENT_TYPE);
    }

    @Override
    String write(List<MetricFamily> families) {
        StringBuilder out = new StringBuilder(16384);
        for (MetricFamily f : families) {
            String name = f.textName();
            out.append("# HELP ").append(name).append(' ').append(f.help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
            out.append("# TYPE ").append(name).append(' ').append(f.type.textName).append('\n');
            for (MetricFamily.Sample s : f.samples()) {
                if (MetricFamily.CREATED.equals(s.suffix)) {
                    continue;
                }
                sample(out, f.name, s);
            }
        }
        return out.toString();
    }
}
