package io.opsagent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpositionFormatTest {
    private static PrometheusWriter sample() {
        PrometheusWriter w = new PrometheusWriter();
        w.counter("opsagent_heapdumps_automatic_total", "Automatic dumps", 2);
        w.family("opsagent_x", MetricType.COUNTER, "With a start", null).add(MetricFamily.TOTAL, 3).add(MetricFamily.CREATED, 1.5e9);
        w.gauge("opsagent_heapdumps_stored_bytes", "Stored \\ bytes\nnext \"line\"", 1024);
        w.summary("jvm_gc_collection_seconds", "GC time", "seconds", 4, 0.25, "gc", "G1 \"Young\"\\\n");
        w.info("jvm_runtime", "JVM runtime info", "version", "17");
        w.sample("opsagent_leak_growth_bytes_per_minute", "gauge", "Growth", Double.NaN);
        return w;
    }

    @Test
    void textFormatNamesCountersWithTotalAndLeavesCreatedAndUnitsOut() {
        assertEquals("# HELP opsagent_heapdumps_automatic_total Automatic dumps\n"
                + "# TYPE opsagent_heapdumps_automatic_total counter\n"
                + "opsagent_heapdumps_automatic_total 2\n"
                + "# HELP opsagent_x_total With a start\n"
                + "# TYPE opsagent_x_total counter\n"
                + "opsagent_x_total 3\n"
                + "# HELP opsagent_heapdumps_stored_bytes Stored \\\\ bytes\\nnext \"line\"\n"
                + "# TYPE opsagent_heapdumps_stored_bytes gauge\n"
                + "opsagent_heapdumps_stored_bytes 1024\n"
                + "# HELP jvm_gc_collection_seconds GC time\n"
                + "# TYPE jvm_gc_collection_seconds summary\n"
                + "jvm_gc_collection_seconds_count{gc=\"G1 \\\"Young\\\"\\\\\\n\"} 4\n"
                + "jvm_gc_collection_seconds_sum{gc=\"G1 \\\"Young\\\"\\\\\\n\"} 0.25\n"
                + "# HELP jvm_runtime_info JVM runtime info\n"
                + "# TYPE jvm_runtime_info gauge\n"
                + "jvm_runtime_info{version=\"17\"} 1\n"
                + "# HELP opsagent_leak_growth_bytes_per_minute Growth\n"
                + "# TYPE opsagent_leak_growth_bytes_per_minute gauge\n"
                + "opsagent_leak_growth_bytes_per_minute NaN\n", TextFormat.INSTANCE.write(sample().families()));
    }

    @Test
    void openMetricsNamesFamiliesWithoutSuffixesDeclaresUnitsAndEndsWithEof() {
        assertEquals("# TYPE opsagent_heapdumps_automatic counter\n"
                + "# HELP opsagent_heapdumps_automatic Automatic dumps\n"
                + "opsagent_heapdumps_automatic_total 2\n"
                + "# TYPE opsagent_x counter\n"
                + "# HELP opsagent_x With a start\n"
                + "opsagent_x_total 3\n"
                + "opsagent_x_created 1500000000\n"
                + "# TYPE opsagent_heapdumps_stored_bytes gauge\n"
                + "# UNIT opsagent_heapdumps_stored_bytes bytes\n"
                + "# HELP opsagent_heapdumps_stored_bytes Stored \\\\ bytes\\nnext \\\"line\\\"\n"
                + "opsagent_heapdumps_stored_bytes 1024\n"
                + "# TYPE jvm_gc_collection_seconds summary\n"
                + "# UNIT jvm_gc_collection_seconds seconds\n"
                + "# HELP jvm_gc_collection_seconds GC time\n"
                + "jvm_gc_collection_seconds_count{gc=\"G1 \\\"Young\\\"\\\\\\n\"} 4\n"
                + "jvm_gc_collection_seconds_sum{gc=\"G1 \\\"Young\\\"\\\\\\n\"} 0.25\n"
                + "# TYPE jvm_runtime info\n"
                + "# HELP jvm_runtime JVM runtime info\n"
                + "jvm_runtime_info{version=\"17\"} 1\n"
                + "# TYPE opsagent_leak_growth_bytes_per_minute gauge\n"
                + "# HELP opsagent_leak_growth_bytes_per_minute Growth\n"
                + "opsagent_leak_growth_bytes_per_minute NaN\n"
                + "# EOF\n", OpenMetricsFormat.INSTANCE.write(sample().families()));
    }

    @Test
    void aFamilyWrittenTwiceStaysOneBlock() {
        PrometheusWriter w = new PrometheusWriter();
        w.sample("opsagent_health_check_status", "gauge", "Status", 0, "check", "a");
        w.gauge("opsagent_health_status", "Aggregate", 0);
        w.sample("opsagent_health_check_status", "gauge", "Status", 2, "check", "b");
        assertEquals(2, w.families().size());
        assertEquals(2, w.families().get(0).samples().size());
    }

    @Test
    void aUnitMustEndTheName() {
        assertThrows(IllegalArgumentException.class, () -> new PrometheusWriter().family("jvm_memory_used", MetricType.GAUGE, "x", "bytes"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1|1", "0.25|0.25", "-1|-1", "6.320816128E9|6320816128", "1.0E15|1.0E15", "1.0E-5|1.0E-5", "Infinity|+Inf", "-Infinity|-Inf"})
    void numbersAreGoFloats(double v, String written) {
        assertEquals(written, ExpositionFormat.number(v));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // what Prometheus 2.x sends: OpenMetrics preferred
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1|om",
        // Prometheus 3 with the text format first
        "text/plain;version=0.0.4;q=0.9,application/openmetrics-text;version=1.0.0;q=0.5|text",
        "application/openmetrics-text|om",
        "application/openmetrics-text; version=0.0.1|om",
        "Application/OpenMetrics-Text; Version=1.0.0; charset=utf-8|om",
        "application/openmetrics-text;version=2.0.0|text",
        "application/openmetrics-text;q=0|text",
        "text/plain|text",
        "*/*|text",
        "application/json|text",
        "application/openmetrics-text;q=0.5,*/*;q=0.5|om",
        "application/openmetrics-text;q=abc|text",
    })
    void acceptHeaderPicksTheFormat(String accept, String expected) {
        assertSame("om".equals(expected) ? OpenMetricsFormat.INSTANCE : TextFormat.INSTANCE, AcceptHeader.choose(accept));
    }

    @Test
    void noAcceptHeaderGetsText() {
        assertSame(TextFormat.INSTANCE, AcceptHeader.choose(null));
    }
}
