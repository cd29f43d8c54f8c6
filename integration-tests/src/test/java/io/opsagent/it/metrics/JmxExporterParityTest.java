package io.opsagent.it.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opsagent.it.support.Exposition;
import io.opsagent.it.support.HttpResult;
import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.TargetJvm;
import io.opsagent.it.support.Tools;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * jmx_exporter's java agent 1.0.1 (no rules) and OpsAgent in one JVM, both scraped in both formats: every
 * {@code jvm_*}/{@code process_*} family of the former must be in the latter with the same type, label
 * names and (OpenMetrics) unit; where both read the same JVM fact, the same label values and values. Our
 * text output must pass {@code promtool check metrics} without a remark. The family-by-family table is
 * written to {@code target/jmx-exporter-parity.txt}.
 */
class JmxExporterParityTest {
    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final Path PROMTOOL = Paths.get("/usr/bin/promtool");
    /** Families whose label values are JVM facts both exporters must list alike (pools, collectors, states). */
    private static final List<String> SAME_LABEL_VALUES = List.of("jvm_memory_used_bytes", "jvm_memory_pool_used_bytes",
            "jvm_memory_pool_collection_used_bytes", "jvm_buffer_pool_used_bytes", "jvm_gc_collection_seconds", "jvm_threads_state");
    /** Samples that cannot differ between two readers of one JVM. */
    private static final List<String> SAME_VALUES = List.of("jvm_memory_max_bytes{area=\"heap\"}", "process_start_time_seconds", "process_max_fds");

    /** Every JDK with G1 and Parallel (pools and collectors differ), and the newest with ZGC. */
    static Stream<Arguments> jdksAndCollectors() {
        Stream<Arguments> each = Jdks.each().flatMap(j -> Stream.of(Arguments.of(j, "-XX:+UseG1GC"), Arguments.of(j, "-XX:+UseParallelGC")));
        return Stream.concat(each, Stream.of(Arguments.of(Jdks.newest(), "-XX:+UseZGC")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("jdksAndCollectors")
    void everyJvmAndProcessFamilyOfJmxExporterIsOursAlike(Jdks.Jdk jdk, String collector) throws Exception {
        Path jmxJar = Paths.get(System.getProperty("jmx.exporter.jar", "target/jmx-exporter/jmx_prometheus_javaagent.jar"));
        assertTrue(Files.isRegularFile(jmxJar), jmxJar + " is missing: the maven-dependency-plugin copies it (integration-tests/pom.xml)");
        int jmxPort = freePort();
        Path config = Files.createTempFile("jmx-exporter", ".yaml");
        Files.writeString(config, "{}\n");
        try (TargetJvm jvm = TargetJvm.demo(jdk).jvmArgs(collector, "-Xmx256m", "-javaagent:" + jmxJar + "=127.0.0.1:" + jmxPort + ":" + config)
                .agentArgs("port=0").start()) {
            // one collection, so the families that only appear after one (pool allocations) are in both
            Exposition.gcAndAwaitPoolAllocations(jvm.agent());
            String jmxUrl = "http://127.0.0.1:" + jmxPort + "/metrics";
            StringBuilder table = new StringBuilder("# " + jdk + " " + collector + ", jmx_exporter 1.0.1 (no rules) vs OpsAgent, jvm_*/process_* families\n");
            for (String accept : new String[] {null, OPENMETRICS}) {
                String theirsText = get(jmxUrl, accept);
                Exposition theirs = Exposition.parse(theirsText);
                HttpResult mine = accept == null ? jvm.agent().get("/metrics") : jvm.agent().get("/metrics", "Accept", accept);
                assertEquals(accept == null ? "text/plain; version=0.0.4; charset=utf-8" : OPENMETRICS, mine.header("Content-Type"));
                compare(theirs, Exposition.parse(mine.text()), accept == null ? "text 0.0.4" : "OpenMetrics", table);
                if (accept == null) {
                    Tools.Result lint = promtoolCheck(mine.text());
                    assertEquals(0, lint.exit(), lint.output());
                    assertEquals("", lint.output().trim(), "promtool check metrics has remarks");
                    table.append("promtool check metrics (text 0.0.4): exit 0, no remarks\n");
                } else {
                    assertTrue(mine.text().endsWith("\n# EOF\n"), "OpenMetrics ends with # EOF");
                    table.append(promtoolOnOpenMetrics(mine.text(), theirsText)).append('\n');
                }
            }
            Files.writeString(Paths.get("target/jmx-exporter-parity.txt"), table.append('\n'), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } finally {
            Files.deleteIfExists(config);
        }
    }

    @org.junit.jupiter.api.Test
    void theComparisonFailsOnAMissingFamilyAnotherTypeOrOtherLabels() {
        StringBuilder theirs = new StringBuilder("# TYPE process_start_time_seconds gauge\nprocess_start_time_seconds 1\n"
                + "# TYPE process_max_fds gauge\nprocess_max_fds 9\n# TYPE jvm_memory_max_bytes gauge\njvm_memory_max_bytes{area=\"heap\"} 5\n");
        for (int i = 0; i < 33; i++) {
            theirs.append("# TYPE jvm_f").append(i).append(" gauge\njvm_f").append(i).append("{pool=\"a\"} 1\n");
        }
        Exposition reference = Exposition.parse(theirs.toString());
        compare(reference, reference, "self", new StringBuilder());
        for (String[] change : new String[][] {{"# TYPE jvm_f3 gauge\njvm_f3{pool=\"a\"} 1\n", ""},
                {"# TYPE jvm_f4 gauge", "# TYPE jvm_f4 counter"}, {"jvm_f5{pool=", "jvm_f5{area="}, {"process_max_fds 9", "process_max_fds 8"}}) {
            Exposition mine = Exposition.parse(theirs.toString().replace(change[0], change[1]));
            org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> compare(reference, mine, "changed", new StringBuilder()),
                    "not caught: " + change[0] + " -> " + change[1]);
        }
    }

    private static void compare(Exposition theirs, Exposition mine, String format, StringBuilder table) {
        List<String> problems = new ArrayList<>();
        int compared = 0;
        table.append(String.format("## %s%n%-46s %-8s %-8s %-18s %s%n", format, "family", "type", "unit", "labels", "OpsAgent"));
        for (Map.Entry<String, Exposition.Family> e : theirs.families().entrySet()) {
            String name = e.getKey();
            if (!name.startsWith("jvm_") && !name.startsWith("process_")) {
                continue;
            }
            compared++;
            Exposition.Family t = e.getValue();
            Exposition.Family m = mine.family(name);
            String verdict;
            if (m == null) {
                verdict = "MISSING";
            } else if (!t.type().equals(m.type())) {
                verdict = "type " + m.type();
            } else if (!t.labelNames().equals(m.labelNames())) {
                verdict = "labels " + m.labelNames();
            } else if (!String.valueOf(t.unit()).equals(String.valueOf(m.unit()))) {
                verdict = "unit " + m.unit();
            } else if (SAME_LABEL_VALUES.contains(name) && !t.labels().equals(m.labels())) {
                verdict = "label values " + m.labels() + " vs " + t.labels();
            } else {
                verdict = "same";
            }
            if (!"same".equals(verdict)) {
                problems.add(name + ": " + verdict);
            }
            table.append(String.format("%-46s %-8s %-8s %-18s %s%n", name, t.type(), t.unit() == null ? "-" : t.unit(),
                    String.join(",", t.labelNames()), verdict));
        }
        for (String sample : SAME_VALUES) {
            String family = sample.replaceAll("\\{.*", "");
            Double t = theirs.family(family).samples().get(sample);
            Double m = mine.family(family) == null ? null : mine.family(family).samples().get(sample);
            if (t == null || !t.equals(m)) {
                problems.add(sample + ": " + m + " vs jmx_exporter's " + t);
            }
        }
        table.append(compared).append(" families compared, ").append(problems.size()).append(" differences\n");
        assertTrue(compared >= 35, "jmx_exporter exported only " + compared + " jvm_*/process_* families:\n" + table);
        assertTrue(problems.isEmpty(), format + ": " + problems + "\n" + table);
    }

    /**
     * promtool must pass our OpenMetrics too, unless it cannot read OpenMetrics at all (2.42, Debian 12, has
     * only the 0.0.4 parser): then it must fail on jmx_exporter's the same way, and Prometheus' own parser
     * judges ours in PrometheusFileSdTest.
     */
    private static String promtoolOnOpenMetrics(String mine, String theirs) throws IOException {
        Tools.Result lint = promtoolCheck(mine);
        if (lint.exit() == 0) {
            assertEquals("", lint.output().trim(), "promtool check metrics has remarks on our OpenMetrics");
            return "promtool check metrics (OpenMetrics): exit 0, no remarks";
        }
        Tools.Result reference = promtoolCheck(theirs);
        assertTrue(reference.exit() != 0 && reference.output().contains("text format parsing error")
                && lint.output().contains("text format parsing error"), "promtool rejects only our OpenMetrics:\n" + lint.output());
        return "promtool check metrics (OpenMetrics): this promtool cannot parse OpenMetrics, jmx_exporter's neither ("
                + reference.output().trim() + " / ours: " + lint.output().trim() + ")";
    }

    static Tools.Result promtoolCheck(String text) throws IOException {
        Path f = Files.createTempFile("metrics", ".txt");
        try {
            Files.writeString(f, text);
            return Tools.exec(60, "/bin/sh", "-c", PROMTOOL + " check metrics < " + f);
        } finally {
            Files.deleteIfExists(f);
        }
    }

    private static String get(String url, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (accept != null) {
            b.header("Accept", accept);
        }
        HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url);
        return r.body();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
