package io.opsagent.it.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.opsagent.it.support.Cli;
import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.TargetJvm;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus server finds two agents through the file {@code list --prometheus --watch} keeps up to
 * date, scrapes both with one bearer token (a shared monitor token, {@code authorization.credentials_file}),
 * and reports both {@code up} with their pid, main class and JVM version labels; when one JVM exits the
 * file drops it. Prometheus keeps only this test's pids, so other agents on the host are never scraped.
 * Prometheus asks for OpenMetrics first, so "up with no error" is also its OpenMetrics parser accepting ours.
 */
class PrometheusFileSdTest {
    private static final Path PROMETHEUS = Paths.get("/usr/bin/prometheus");
    /** What Prometheus 2.42 (Debian 12) sends, captured from a scrape: OpenMetrics first. */
    private static final String PROMETHEUS_ACCEPT =
            "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void prometheusScrapesEveryAgentTheFileNamesWithABearerToken() throws Exception {
        Path dir = Files.createTempDirectory("opsagent-prom-");
        Path token = dir.resolve("monitor-token");
        Files.writeString(token, UUID.randomUUID() + "\n");
        Jdks.Jdk first = Jdks.all().get(0);
        Jdks.Jdk second = Jdks.newest();
        // a health check too, so the labelled opsagent_health_check_* families go through Prometheus' OpenMetrics parser
        String agentArgs = "port=0,monitor.token.file=" + token + ",check.tmp.type=disk,check.tmp.target=" + dir;
        Path sd = dir.resolve("sd/opsagent.json");
        Process watcher = null;
        Process prometheus = null;
        StringBuilder report = new StringBuilder();
        try (TargetJvm a = TargetJvm.demo(first).agentArgs(agentArgs).start();
                TargetJvm b = TargetJvm.demo(second).agentArgs(agentArgs).start()) {
            assertEquals(JmxExporterParityTest.OPENMETRICS, a.agent().get("/metrics", "Accept", PROMETHEUS_ACCEPT).header("Content-Type"));
            Cli.Run once = Cli.run(Jdks.current(), "list", "--prometheus").expect(0);
            Map<String, JsonObject> byPid = labelsByPid(once.output());
            for (TargetJvm t : List.of(a, b)) {
                JsonObject labels = byPid.get(Long.toString(t.pid()));
                assertTrue(labels != null, "pid " + t.pid() + " missing from " + once);
                assertTrue(labels.get("main_class").getAsString().endsWith("demo-target.jar"), labels.toString());
                assertTrue(labels.get("jvm_version").getAsString().matches("(1\\.)?" + t.jdk().feature() + "\\b.*"), labels.toString());
            }
            watcher = new ProcessBuilder(Jdks.current().java().toString(), "-jar", System.getProperty("opsagent.jar", "../agent/target/opsagent.jar"),
                    "list", "--prometheus", "--watch", sd.toString(), "--interval=1")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("watcher.log").toFile()).start();
            awaitFile(sd, s -> s.contains("\"" + a.pid() + "\"") && s.contains("\"" + b.pid() + "\""), 30);

            int port = JmxExporterParityTest.freePort();
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                    + "scrape_configs:\n  - job_name: opsagent\n    scrape_timeout: 1s\n"
                    + "    authorization:\n      type: Bearer\n      credentials_file: " + token + "\n"
                    + "    file_sd_configs:\n      - files: [" + sd + "]\n        refresh_interval: 1s\n"
                    + "    relabel_configs:\n      - source_labels: [pid]\n        regex: '" + a.pid() + "|" + b.pid() + "'\n        action: keep\n");
            prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            String api = "http://127.0.0.1:" + port + "/api/v1/";
            JsonArray up = await(() -> query(api, "up{job=\"opsagent\"} == 1"), r -> r.size() == 2, 60, dir);
            report.append("up{job=\"opsagent\"} == 1 ->\n");
            for (JsonElement r : up) {
                JsonObject metric = r.getAsJsonObject().getAsJsonObject("metric");
                report.append("  ").append(metric).append(" = ").append(r.getAsJsonObject().getAsJsonArray("value").get(1).getAsString()).append('\n');
                assertTrue(metric.has("pid") && metric.has("main_class") && metric.has("jvm_version"), metric.toString());
            }
            JsonArray heap = await(() -> query(api, "jvm_memory_used_bytes{job=\"opsagent\",area=\"heap\"}"), r -> r.size() == 2, 30, dir);
            report.append("jvm_memory_used_bytes{area=\"heap\"}: ").append(heap.size()).append(" series\n");
            JsonArray checks = await(() -> query(api, "opsagent_health_check_status{job=\"opsagent\",check=\"tmp\"}"), r -> r.size() == 2, 30, dir);
            report.append("opsagent_health_check_status{check=\"tmp\"}: ").append(checks.size()).append(" series\n");
            JsonArray targets = JsonParser.parseString(get(api + "targets")).getAsJsonObject().getAsJsonObject("data").getAsJsonArray("activeTargets");
            for (JsonElement t : targets) {
                JsonObject o = t.getAsJsonObject();
                assertEquals("up", o.get("health").getAsString(), o.toString());
                assertEquals("", o.get("lastError").getAsString(), o.toString());
                report.append("target ").append(o.get("scrapeUrl").getAsString()).append(" health=up lastError=\"\"\n");
            }
            assertEquals(2, targets.size(), targets.toString());

            b.close();
            awaitFile(sd, s -> s.contains("\"" + a.pid() + "\"") && !s.contains("\"" + b.pid() + "\""), 30);
            report.append("after pid ").append(b.pid()).append(" exited, the watched file names only pid ").append(a.pid()).append('\n');
            Files.writeString(Paths.get("target/prometheus-file-sd.txt"), report);
        } finally {
            stop(watcher);
            stop(prometheus);
        }
    }

    private interface Call {
        JsonArray get() throws Exception;
    }

    private static JsonArray await(Call call, Predicate<JsonArray> done, int seconds, Path dir) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        JsonArray last = null;
        Exception error = null;
        while (System.nanoTime() < deadline) {
            try {
                last = call.get();
                if (done.test(last)) {
                    return last;
                }
            } catch (IOException e) {
                error = e;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("Prometheus never answered as expected: " + last + " / " + error + "\nfile: " + read(dir.resolve("sd/opsagent.json"))
                + "\nprometheus log:\n" + read(dir.resolve("prometheus.log")));
    }

    private static JsonArray query(String api, String promql) throws Exception {
        String body = get(api + "query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        return JsonParser.parseString(body).getAsJsonObject().getAsJsonObject("data").getAsJsonArray("result");
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(url + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static Map<String, JsonObject> labelsByPid(String json) {
        Map<String, JsonObject> out = new TreeMap<>();
        for (JsonElement g : JsonParser.parseString(json).getAsJsonArray()) {
            JsonObject labels = g.getAsJsonObject().getAsJsonObject("labels");
            out.put(labels.get("pid").getAsString(), labels);
        }
        return out;
    }

    private static void awaitFile(Path f, Predicate<String> ok, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (ok.test(read(f))) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the watched file never showed what was expected:\n" + read(f));
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    private static void stop(Process p) throws InterruptedException {
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
