package io.opsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.opsagent.it.support.AgentClient;
import io.opsagent.it.support.HttpResult;
import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.LoopbackServers;
import io.opsagent.it.support.TargetJvm;
import io.opsagent.it.support.Tools;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Health checks against real things on loopback, over real HTTP, with the contract's status codes and content type. */
class HealthChecksTest {
    static final String HEALTH_JSON = "application/health+json; charset=utf-8";
    private static final String FAST = "health.interval=1s\nhealth.timeout=700ms\n";

    @TempDir
    Path tmp;

    @Test
    void dependencyChecksSeeTheRealThings() throws Exception {
        try (LoopbackServers servers = new LoopbackServers()) {
            ServerSocket tcp = servers.silentListener();
            int http = servers.http(5000).getAddress().getPort();
            Path keyStore = certificateExpiringInDays(5);
            int https = servers.https(keyStore).getAddress().getPort();
            String localhost = Arrays.stream(InetAddress.getAllByName("localhost")).map(InetAddress::getHostAddress)
                    .collect(Collectors.joining(","));
            // a cold JVM's first HTTPS and key store loads are slow on a busy machine: more time than the other tests
            Path config = write("ops.properties", "health.interval=2s\nhealth.timeout=1500ms\n"
                    + "check.tcp.type=tcp\ncheck.tcp.target=127.0.0.1:" + tcp.getLocalPort() + "\n"
                    + "check.web.type=http\ncheck.web.target=http://127.0.0.1:" + http + "/ok\ncheck.web.expect.body=all good\n"
                    + "check.broken.type=http\ncheck.broken.target=http://127.0.0.1:" + http + "/error\ncheck.broken.critical=false\n"
                    + "check.slow.type=http\ncheck.slow.target=http://127.0.0.1:" + http + "/slow\ncheck.slow.critical=false\n"
                    + "check.tls.type=tls-expiry\ncheck.tls.target=127.0.0.1:" + https + "\ncheck.tls.critical=false\n"
                    + "check.ks.type=tls-expiry\ncheck.ks.keystore=" + keyStore + "\ncheck.ks.keystore.password=changeit\ncheck.ks.critical=false\n"
                    + "check.dns.type=dns\ncheck.dns.target=localhost\ncheck.dns.expect=" + localhost + "\n"
                    + "check.hijack.type=dns\ncheck.hijack.target=localhost\ncheck.hijack.expect=10.9.8.7\ncheck.hijack.critical=false\n"
                    + "check.tmp.type=disk\ncheck.tmp.target=" + tmp + "\ncheck.tmp.warn=0\ncheck.tmp.fail=0\n"
                    + "check.full.type=disk\ncheck.full.target=" + tmp + "\ncheck.full.warn=100.1\ncheck.full.critical=false\n");
            try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).agentArgs("port=0,config=" + config).jvmArgs("-Xmx64m").start()) {
                AgentClient agent = jvm.agent();
                // the first round of a cold JVM on a busy machine may time out on TLS: wait for a round in which both TLS checks answered
                HttpResult all = await(agent, "/health", r -> r.status() == 200 && r.text().contains("\"status\":\"warn\"")
                        && !r.text().contains("not checked yet") && r.text().contains("tls: CN=localhost expires")
                        && r.text().contains("ks: CN=localhost expires"));
                assertEquals(200, all.status(), all.text());
                assertEquals(HEALTH_JSON, all.header("Content-Type"));
                assertEquals("warn", all.json().get("status").getAsString(), all.text());
                JsonObject checks = all.json().getAsJsonObject("checks");
                assertEquals(10, checks.size(), all.text());

                assertCheck(checks, "tcp:connectTime", "pass", "ms", null);
                assertCheck(checks, "web:responseTime", "pass", "ms", null);
                assertCheck(checks, "broken:responseTime", "fail", null, "HTTP 500");
                assertCheck(checks, "slow:responseTime", "fail", null, "timed out");
                JsonObject tls = assertCheck(checks, "tls:daysLeft", "warn", "days", "CN=localhost");
                double days = tls.get("observedValue").getAsDouble();
                assertTrue(days > 4 && days <= 5, "days left " + days);
                assertCheck(checks, "ks:daysLeft", "warn", "days", "CN=localhost");
                assertCheck(checks, "dns:resolveTime", "pass", "ms", null);
                assertCheck(checks, "hijack:resolveTime", "fail", null, "not expected");
                JsonObject disk = assertCheck(checks, "tmp:free", "pass", "percent", null);
                assertTrue(disk.get("observedValue").getAsDouble() > 0);
                assertCheck(checks, "full:free", "warn", "percent", "free");
                JsonObject web = checks.getAsJsonArray("web:responseTime").get(0).getAsJsonObject();
                assertEquals("web", web.get("componentId").getAsString());
                assertEquals("component", web.get("componentType").getAsString());
                assertTrue(web.has("time") && web.has("duration"), web.toString());

                HttpResult ready = agent.get("/health/ready");
                assertEquals(200, ready.status(), ready.text());
                assertEquals(HEALTH_JSON, ready.header("Content-Type"));
                assertFalse(ready.json().getAsJsonObject("checks").has("broken:responseTime"), "ready shows critical checks only");
                assertEquals(503, agent.get("/health/checks/broken").status());
                HttpResult one = agent.get("/health/checks/tls");
                assertEquals(200, one.status());
                assertEquals(1, one.json().getAsJsonObject("checks").size());
                assertEquals(404, agent.get("/health/checks/nothing").status());
                HttpResult anonymous = jvm.anonymous().get("/health");
                assertEquals(200, anonymous.status());
                assertEquals(HEALTH_JSON, anonymous.header("Content-Type"));
                assertEquals("{\"status\":\"warn\"}", anonymous.text(), "callers without a token see the status only");
                assertEquals(401, jvm.anonymous().get("/health/checks/tls").status(), "one check's details are for monitor and operator");

                tcp.close();
                HttpResult down = await(agent, "/health", r -> r.status() == 503);
                assertCheck(down.json().getAsJsonObject("checks"), "tcp:connectTime", "fail", null, "refused");
                assertEquals("fail", down.json().get("status").getAsString());
                assertEquals(503, agent.get("/health/ready").status());
                HttpResult anonymousDown = jvm.anonymous().get("/health");
                assertEquals(503, anonymousDown.status());
                assertEquals("{\"status\":\"fail\"}", anonymousDown.text());
                assertEquals(200, agent.get("/health/live").status(), "a dependency never fails liveness");
                String metrics = agent.get("/metrics").text();
                assertTrue(metrics.contains("\nopsagent_health_status 2\n"), metrics);
                assertTrue(metrics.contains("opsagent_health_check_status{check=\"tcp\",type=\"tcp\",critical=\"true\"} 2"), metrics);
            }
        }
    }

    @Test
    void aCheckThatHangsForeverNeitherDelaysHealthNorPilesUpThreads() throws Exception {
        try (LoopbackServers servers = new LoopbackServers()) {
            ServerSocket hole = servers.blackHole();
            Path config = write("ops.properties", FAST
                    + "check.db.type=jdbc\ncheck.db.target=jdbc:h2:tcp://127.0.0.1:" + hole.getLocalPort() + "/mem:x\ncheck.db.critical=false\n"
                    + "check.threads.type=threads\n");
            try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).agentArgs("port=0,config=" + config).jvmArgs("-Xmx64m").start()) {
                AgentClient agent = jvm.agent();
                HttpResult stuck = await(agent, "/health", r -> r.text().contains("has not returned"));
                assertEquals(200, stuck.status(), "a non-critical hung check only warns: " + stuck.text());
                for (int i = 0; i < 20; i++) {
                    long start = System.nanoTime();
                    HttpResult r = agent.get("/health");
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    assertEquals(200, r.status());
                    // not a benchmark: a request that waited on the hung check would never come back at all
                    assertTrue(ms < 3000, "/health waited on a hung check: " + ms + " ms");
                    TargetJvm.sleep(100);
                }
                String dump = jvm.tool("jcmd", String.valueOf(jvm.pid()), "Thread.print");
                long stuckThreads = Arrays.stream(dump.split("\n\n")).filter(t -> t.contains("opsagent-health-check") && t.contains("JdbcCheck"))
                        .count();
                assertEquals(1, stuckThreads, "one thread per hung check, not one per interval:\n" + dump);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.opsagent.it.support.Jdks#each")
    void aDeadlockFailsLivenessAndTheDeadlockCheck(Jdks.Jdk jdk) throws Exception {
        Path config = write("ops.properties", FAST + "check.locks.type=deadlock\n");
        try (TargetJvm jvm = TargetJvm.demo(jdk).agentArgs("port=0,config=" + config).jvmArgs("-Xmx64m").start()) {
            AgentClient agent = jvm.agent();
            assertEquals(200, agent.get("/health/live").status());
            assertEquals(200, await(agent, "/health", r -> !r.text().contains("not checked yet")).status());
            jvm.demo("/start/deadlock");
            HttpResult live = await(agent, "/health/live", r -> r.status() == 503);
            assertEquals(HEALTH_JSON, live.header("Content-Type"));
            assertTrue(live.json().get("output").getAsString().contains("demo-deadlock-a"), live.text());
            HttpResult anonymous = jvm.anonymous().get("/health/live");
            assertEquals(503, anonymous.status());
            assertEquals("{\"status\":\"fail\"}", anonymous.text());
            HttpResult all = await(agent, "/health", r -> r.status() == 503);
            JsonObject locks = assertCheck(all.json().getAsJsonObject("checks"), "locks:deadlockedThreads", "fail", "threads", "demo-deadlock-b");
            assertEquals(2, locks.get("observedValue").getAsInt());
        }
    }

    @Test
    void jdbcCheckUsesTheApplicationsDriverAndSeesTheDatabaseStop() throws Exception {
        Path config = write("ops.properties", FAST);
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).agentArgs("port=0,config=" + config).jvmArgs("-Xmx128m").start()) {
            AgentClient agent = jvm.agent();
            Matcher m = Pattern.compile("port=(\\d+)").matcher(jvm.demo("/start/h2"));
            assertTrue(m.find());
            String port = m.group(1);
            Files.writeString(config, FAST + "check.db.type=jdbc\ncheck.db.target=jdbc:h2:tcp://127.0.0.1:" + port + "/mem:demo\n"
                    + "check.db.user=sa\ncheck.db.query=SELECT 1\n");
            HttpResult up = await(agent, "/health/checks/db", r -> r.status() == 200 && r.text().contains("\"pass\""));
            JsonObject db = assertCheck(up.json().getAsJsonObject("checks"), "db:responseTime", "pass", "ms", null);
            assertEquals("datastore", db.get("componentType").getAsString());
            assertTrue(db.get("description").getAsString().contains("org.h2.Driver"), db.toString());

            jvm.demo("/stop/h2");
            HttpResult down = await(agent, "/health", r -> r.status() == 503);
            assertCheck(down.json().getAsJsonObject("checks"), "db:responseTime", "fail", null, "");
            assertEquals(503, agent.get("/health/ready").status());
            assertEquals(200, agent.get("/health/live").status(), "a database outage must not get the JVM restarted");

            jvm.demo("/start/h2?port=" + port);
            assertEquals(200, await(agent, "/health", r -> r.status() == 200).status());
        }
    }

    @Test
    void configEditsApplyAtRunTimeAndBadOnesKeepTheLastGoodSet() throws Exception {
        Path config = write("ops.properties", FAST + "check.heap.type=heap\n");
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).agentArgs("port=0,config=" + config).jvmArgs("-Xmx64m").start()) {
            AgentClient agent = jvm.agent();
            await(agent, "/health", r -> r.text().contains("heap:utilization") && !r.text().contains("not checked yet"));
            assertEquals(200, agent.get("/selftest").status());

            Files.writeString(config, FAST + "check.heap.type=heap\ncheck.heap.warn=0\ncheck.threads.type=threads\ncheck.threads.fail=1\n"
                    + "check.threads.critical=false\nselftest.status=503\n");
            HttpResult changed = await(agent, "/health", r -> r.text().contains("threads:count") && !r.text().contains("not checked yet"));
            JsonObject checks = changed.json().getAsJsonObject("checks");
            assertCheck(checks, "heap:utilization", "warn", "percent", null);
            assertCheck(checks, "threads:count", "fail", "threads", "live threads");
            assertEquals(200, changed.status(), "non-critical failure and a warning: warn, 200");
            assertEquals("warn", changed.json().get("status").getAsString());
            HttpResult selftest = agent.get("/selftest");
            assertEquals(503, selftest.status(), "selftest.status applies at run time: " + selftest.text());

            Files.writeString(config, FAST + "check.threads.type=threads\ncheck.threads.fail=1\ncheck.threads.critical=false\n"
                    + "check.oops.type=no-such-type\nselftest.status=200\n");
            jvm.awaitOutput(s -> s.contains("check.oops.type"), 10);
            String log = Files.readString(jvm.dir().resolve("data/agent.log"));
            assertTrue(log.contains("check.oops.type: 'no-such-type' is not one of"), log);
            HttpResult kept = agent.get("/health");
            assertTrue(kept.text().contains("heap:utilization"), "the last good set stays: " + kept.text());
            assertEquals(503, agent.get("/selftest").status(), "nothing of a rejected edit applies");

            Files.writeString(config, FAST + "check.threads.type=threads\ncheck.threads.critical=false\n");
            HttpResult removed = await(agent, "/health", r -> !r.text().contains("heap:utilization") && r.text().startsWith("{\"status\":\"pass\""));
            assertEquals("pass", removed.json().get("status").getAsString(), removed.text());
            assertEquals(200, agent.get("/selftest").status());
        }
    }

    /** The JVM's own measures: a churning demo spends a little time in GC; its descriptors are far from the limit. */
    @Test
    void gcOverheadAndFileDescriptorsMeasureTheJvm() throws Exception {
        // warn at 50%, not the default 10%: in its first seconds, with the CI machine busy, the 64 MiB demo measured
        // 11.6% "since JVM start" (CI on 777eb95); what is tested is that GC time is measured and judged, not the load
        Path config = write("jvm.properties", FAST + "check.gc.type=gc-overhead\ncheck.gc.window=1m\ncheck.gc.warn=50\ncheck.fd.type=file-descriptors\n"
                + "check.gcfail.type=gc-overhead\ncheck.gcfail.fail=0\ncheck.gcfail.critical=false\n");
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).agentArgs("port=0,config=" + config).jvmArgs("-Xmx64m")
                .args("--run=churn").start()) {
            // the first round may see no GC time yet; a churning demo has some within a few rounds
            HttpResult r = await(jvm.agent(), "/health", x -> x.text().contains("gc:gcTime") && !x.text().contains("not checked yet")
                    && x.json().getAsJsonObject("checks").getAsJsonArray("gcfail:gcTime").get(0).getAsJsonObject().get("status").getAsString().equals("fail"));
            JsonObject checks = r.json().getAsJsonObject("checks");
            JsonObject gc = assertCheck(checks, "gc:gcTime", "pass", "percent", null);
            assertTrue(gc.get("observedValue").getAsDouble() >= 0 && gc.get("observedValue").getAsDouble() <= 50, gc.toString());
            assertCheck(checks, "gcfail:gcTime", "fail", "percent", null);
            JsonObject fd = assertCheck(checks, "fd:utilization", "pass", "percent", null);
            assertTrue(fd.get("observedValue").getAsDouble() > 0 && fd.get("observedValue").getAsDouble() < 80, fd.toString());
            assertEquals(200, r.status(), "a failing non-critical check makes the aggregate warn, 200: " + r.text());
            assertEquals("warn", r.json().get("status").getAsString());
        }
    }

    private static JsonObject assertCheck(JsonObject checks, String key, String status, String unit, String output) {
        assertTrue(checks.has(key), "no " + key + " in " + checks);
        JsonObject c = checks.getAsJsonArray(key).get(0).getAsJsonObject();
        assertEquals(status, c.get("status").getAsString(), key + ": " + c);
        if (unit != null) {
            assertEquals(unit, c.get("observedUnit").getAsString(), key + ": " + c);
            assertTrue(c.has("observedValue"), key + ": " + c);
        }
        if (output != null) {
            String text = c.has("output") ? c.get("output").getAsString() : c.get("description").getAsString();
            assertTrue(text.contains(output), key + ": " + c);
        }
        return c;
    }

    /** Polls until the answer satisfies the condition: the interval is 1 s and the file watcher polls every 2 s. */
    static HttpResult await(AgentClient agent, String path, Predicate<HttpResult> condition) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        HttpResult last = null;
        while (System.nanoTime() < deadline) {
            last = agent.get(path);
            if (condition.test(last)) {
                return last;
            }
            TargetJvm.sleep(200);
        }
        throw new AssertionError("timed out waiting on " + path + "; last answer: " + last);
    }

    private Path write(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private Path certificateExpiringInDays(int days) {
        Path ks = tmp.resolve("short-lived.p12");
        Tools.run(Jdks.current().tool("keytool"), "-genkeypair", "-alias", "short", "-keyalg", "EC", "-validity", String.valueOf(days),
                "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit", "-dname", "CN=localhost");
        return ks;
    }
}
