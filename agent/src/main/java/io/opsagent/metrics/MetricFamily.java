package io.opsagent.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One metric family as OpenMetrics models it: a name without the {@code _total} or {@code _info} a sample
 * adds, a type, a help text, an optional unit (the name then ends with it), and samples, each with the
 * suffix it adds to the name ({@code _total}, {@code _created}, {@code _count}, {@code _sum}, {@code _info}
 * or nothing). The formats decide which of these they write.
 */
public final class MetricFamily {
    /** The suffixes a sample may add, per OpenMetrics. */
    public static final String TOTAL = "_total";
    public static final String CREATED = "_created";
    public static final String COUNT = "_count";
    public static final String SUM = "_sum";
    public static final String INFO = "_info";

    /** One sample: suffix, labels as name, value, name, value..., and its value. */
    public static final class Sample {
        public final String suffix;
        final String[] labels;
        public final double value;

        Sample(String suffix, String[] labels, double value) {
            this.suffix = suffix;
            this.labels = labels;
            this.value = value;
        }
    }

    public final String name;
    public final MetricType type;
    public final String help;
    /** {@code bytes}, {@code seconds}... or null when the family declares none. */
    public final String unit;
    private final List<Sample> samples = new ArrayList<Sample>();

    MetricFamily(String name, MetricType type, String help, String unit) {
        if (unit != null && !name.endsWith("_" + unit)) {
            throw new IllegalArgumentException(name + " must end with its unit _" + unit);
        }
        this.name = name;
        this.type = type;
        this.help = help;
        this.unit = unit;
    }

    /** Adds a sample; {@code labels} are name, value, name, value... */
    public MetricFamily add(String suffix, double value, String... labels) {
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name, value pairs: " + name);
        }
        samples.add(new Sample(suffix, labels, value));
        return this;
    }

    public List<Sample> samples() {
        return Collections.unmodifiableList(samples);
    }

    /** The name of the family as the 0.0.4 text format and the Java client's text output write it. */
    String textName() {
        if (type == MetricType.COUNTER) {
            return name + TOTAL;
        }
        return type == MetricType.INFO ? name + INFO : name;
    }
}
