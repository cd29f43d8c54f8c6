package io.opsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.opsagent.it.support.AgentClient;
import io.opsagent.it.support.HttpResult;
import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.TargetJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The first endpoints and the token rules, on every installed JDK, over real HTTP. */
class EndpointBasicsTest {
    @ParameterizedTest
    @MethodSource("io.opsagent.it.support.Jdks#each")
    void firstEndpointsAnswerWithTheOperatorToken(Jdks.Jdk jdk) throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(jdk).agentArgs("port=0").jvmArgs("-Ddb.password=hunter2").start()) {
            AgentClient agent = jvm.agent();
            HttpResult live = agent.get("/health/live");
            assertEquals(200, live.status(), live.text());
            assertEquals("application/health+json; charset=utf-8", live.header("Content-Type"));
            assertEquals("pass", live.json().get("status").getAsString());

            HttpResult info = agent.get("/info");
            assertEquals(200, info.status());
            JsonObject jvmInfo = info.json().getAsJsonObject("jvm");
            assertEquals(jdk.feature(), jvmInfo.get("feature").getAsInt());
            assertTrue(info.text().contains("-Ddb.password=****"), info.text());
            assertFalse(info.text().contains("hunter2"), "a secret leaked in /info: " + info.text());
            assertEquals(jvm.pid(), info.json().get("pid").getAsLong());

            HttpResult memory = agent.get("/memory");
            assertEquals(200, memory.status());
            assertTrue(memory.json().getAsJsonObject("heap").get("max").getAsLong() > 0);

            HttpResult selftest = agent.get("/selftest");
            assertEquals(200, selftest.status());
            assertEquals(24, selftest.json().get("nonce").getAsString().length());

            Path tokenFile = jvm.tokenFile();
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)));
            assertFalse(jvm.output().contains(jvm.token()), "the token itself must never be logged");
        }
    }

    @ParameterizedTest
    @MethodSource("io.opsagent.it.support.Jdks#each")
    void tokensRolesAndErrorsFollowTheContract(Jdks.Jdk jdk) throws Exception {
        String monitor = "monitor-token-0123456789abcdef";
        try (TargetJvm jvm = TargetJvm.demo(jdk).agentArgs("port=0,monitor.token=" + monitor).start()) {
            AgentClient anonymous = jvm.anonymous();
            assertEquals(200, anonymous.get("/health/live").status(), "public by default");
            assertFalse(anonymous.get("/health/live").text().contains("checks"), "public callers see status only");
            HttpResult noToken = anonymous.get("/info");
            assertEquals(401, noToken.status());
            assertTrue(noToken.header("WWW-Authenticate").startsWith("Bearer"));
            assertTrue(noToken.json().has("error") && noToken.json().has("hint"), noToken.text());

            HttpResult badToken = anonymous.withToken("not-the-right-token-at-all").get("/info");
            assertEquals(401, badToken.status());

            AgentClient mon = anonymous.withToken(monitor);
            assertEquals(200, mon.get("/info").status());
            assertTrue(mon.get("/health/live").text().contains("checks"), "monitor sees details");

            AgentClient op = jvm.agent();
            assertEquals(404, op.get("/no/such/thing").status());
            HttpResult wrongMethod = op.post("/info", "{}");
            assertEquals(405, wrongMethod.status());
            assertEquals("GET, HEAD", wrongMethod.header("Allow"));
            assertEquals(400, op.get("/gc?last=abc").status());
            java.net.URI u = java.net.URI.create(jvm.agentUrl());
            String head = io.opsagent.it.support.RawHttp.exchange(u.getHost(), u.getPort(), "HEAD /info HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                    + jvm.token() + "\r\nConnection: close\r\n\r\n");
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            assertTrue(head.matches("(?s).*Content-Length: [1-9]\\d*\r\n.*"), "HEAD keeps the length: " + head);
            assertTrue(head.endsWith("\r\n\r\n"), "HEAD has no body: " + head);

            String audit = Files.readString(jvm.dir().resolve("data/audit.log"));
            assertTrue(audit.contains("\"status\":401"), "failed logins are audited: " + audit);
            assertNotEquals(-1, audit.indexOf("\"client\":\"127.0.0.1\""), audit);
        }
    }

    @ParameterizedTest
    @MethodSource("io.opsagent.it.support.Jdks#each")
    void metricsAreValidPrometheusText(Jdks.Jdk jdk) throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(jdk).agentArgs("port=0").start()) {
            HttpResult m = jvm.agent().get("/metrics");
            assertEquals(200, m.status());
            assertEquals("text/plain; version=0.0.4; charset=utf-8", m.header("Content-Type"));
            String text = m.text();
            assertTrue(text.contains("# TYPE jvm_memory_used_bytes gauge"), text);
            assertTrue(text.matches("(?s).*jvm_memory_used_bytes\\{area=\"heap\"} \\d+\n.*"), text);
            java.util.Set<String> seen = new java.util.HashSet<>();
            String family = null;
            for (String line : text.split("\n")) {
                if (line.startsWith("# TYPE ")) {
                    family = line.split(" ")[2];
                    assertTrue(seen.add(family), "family " + family + " declared twice");
                } else if (!line.startsWith("#")) {
                    assertTrue(line.startsWith(family), "sample outside its family block: " + line);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.opsagent.it.support.Jdks#each")
    void dashboardOpensInABrowserWithTheTokenAsBasicPassword(Jdks.Jdk jdk) throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(jdk).agentArgs("port=0").start()) {
            HttpResult challenge = jvm.anonymous().get("/");
            assertEquals(401, challenge.status());
            assertTrue(challenge.header("WWW-Authenticate").startsWith("Basic "), "browsers prompt only for Basic");
            String basic = java.util.Base64.getEncoder().encodeToString(("ops:" + jvm.token()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            HttpResult page = jvm.anonymous().get("/", "Authorization", "Basic " + basic);
            assertEquals(200, page.status());
            assertEquals("text/html; charset=utf-8", page.header("Content-Type"));
            assertTrue(page.text().contains("<h2>Stored heap dumps</h2>") && page.text().contains("get('/leaks'"), page.text());
            assertEquals("DENY", page.header("X-Frame-Options"));
        }
    }
}
