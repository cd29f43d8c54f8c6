package io.opsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opsagent.it.support.AgentClient;
import io.opsagent.it.support.HttpResult;
import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.RawHttp;
import io.opsagent.it.support.TargetJvm;
import io.opsagent.it.support.Tools;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** stealth, path.prefix, allow.cidrs, rate.limit, public, TLS and malformed requests, over real sockets. */
class SecurityOptionsTest {
    @ParameterizedTest
    @MethodSource("io.opsagent.it.support.Jdks#each")
    void stealthAndPrefixHideTheEndpoint(Jdks.Jdk jdk) throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(jdk).agentArgs("port=0,stealth=true,path.prefix=/ops-4f9c2a,public=none").start()) {
            assertTrue(jvm.agentUrl().endsWith("/ops-4f9c2a"), jvm.agentUrl());
            AgentClient anonymous = jvm.anonymous();
            assertEquals(404, anonymous.get("/info").status(), "stealth: no token looks like nothing is there");
            assertEquals(404, anonymous.get("/health/live").status(), "public=none closes health too");
            assertEquals(404, anonymous.withToken("wrong-token-wrong-token").get("/info").status());
            assertEquals(200, jvm.agent().get("/info").status());
            String root = jvm.agentUrl().substring(0, jvm.agentUrl().indexOf("/ops-4f9c2a"));
            HttpResult outside = new AgentClient(root, jvm.token()).get("/info");
            assertEquals(404, outside.status(), "outside the prefix there is nothing, even with a token");
        }
    }

    @Test
    void stealthHidesWhatAMonitorTokenMayNotDo() throws Exception {
        String monitor = "monitor-token-0123456789abcdef";
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).agentArgs("port=0,stealth=true,monitor.token=" + monitor).start()) {
            AgentClient asMonitor = jvm.anonymous().withToken(monitor);
            assertEquals(200, asMonitor.get("/leaks").status());
            assertEquals(404, asMonitor.get("/leaks?histogram=true").status(), "an operator-only query looks absent");
            assertEquals(404, asMonitor.post("/commands/gc", "{}").status());
            assertEquals(404, asMonitor.get("/heapdump").status());
        }
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).agentArgs("port=0,monitor.token=" + monitor).start()) {
            assertEquals(403, jvm.anonymous().withToken(monitor).get("/leaks?histogram=true").status(), "without stealth: 403");
        }
    }

    @Test
    void publicGroupsOpenReadingButNeverAnOperatorRoute() throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).agentArgs("port=0,public=commands;threads").start()) {
            AgentClient anonymous = jvm.anonymous();
            assertEquals(200, anonymous.get("/commands").status(), "public=commands opens the list of commands");
            assertEquals(200, anonymous.get("/threads").status());
            assertEquals(401, anonymous.post("/commands/gc", "{}").status(), "no public group may run a command");
            assertEquals(401, anonymous.get("/heapdump").status());
            assertEquals(401, anonymous.get("/info").status(), "groups not listed stay closed");
        }
    }

    @ParameterizedTest
    @MethodSource("io.opsagent.it.support.Jdks#each")
    void clientsOutsideAllowCidrsAreClosedWithoutAnAnswer(Jdks.Jdk jdk) throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(jdk).agentArgs("port=0,allow.cidrs=10.0.0.0/8").start()) {
            URI u = URI.create(jvm.agentUrl());
            String answer = RawHttp.exchange(u.getHost(), u.getPort(), "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("", answer, "a client outside allow.cidrs gets a closed connection");
        }
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).agentArgs("port=0,allow.cidrs=127.0.0.0/8").start()) {
            assertEquals(200, jvm.anonymous().get("/health/live").status());
        }
    }

    @ParameterizedTest
    @MethodSource("io.opsagent.it.support.Jdks#each")
    void rateLimitAnswers429WithRetryAfter(Jdks.Jdk jdk) throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(jdk).agentArgs("port=0,rate.limit=5/s").start()) {
            AgentClient c = jvm.anonymous();
            HttpResult limited = null;
            for (int i = 0; i < 50 && limited == null; i++) {
                HttpResult r = c.get("/health/live");
                if (r.status() == 429) {
                    limited = r;
                }
            }
            assertNotNull(limited, "50 quick requests at 5/s must hit the limit");
            assertTrue(Integer.parseInt(limited.header("Retry-After")) >= 1);
            assertTrue(limited.json().get("hint").getAsString().contains("5/s"), limited.text());
        }
    }

    @ParameterizedTest
    @MethodSource("io.opsagent.it.support.Jdks#each")
    void servesHttpsFromAPkcs12KeyStore(Jdks.Jdk jdk) throws Exception {
        Path dir = Files.createTempDirectory("opsagent-tls");
        Path ks = dir.resolve("agent.p12");
        Tools.run(jdk.tool("keytool"), "-genkeypair", "-alias", "opsagent", "-keyalg", "EC", "-keysize", "256",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", ks.toString(),
                "-storepass", "changeit-please", "-keypass", "changeit-please");
        try (TargetJvm jvm = TargetJvm.demo(jdk)
                .agentArgs("port=0,tls.keystore=" + ks + ",tls.keystore.password=changeit-please").start()) {
            assertTrue(jvm.agentUrl().startsWith("https://127.0.0.1:"), jvm.agentUrl());
            assertEquals(200, jvm.agent().get("/info").status());
            assertTrue(!jvm.agent().get("/info").text().contains("changeit-please"), "the key store password is masked in /info");
        }
    }

    @ParameterizedTest
    @MethodSource("io.opsagent.it.support.Jdks#each")
    void malformedRequestsGetAClearErrorAndTheAgentServesOn(Jdks.Jdk jdk) throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(jdk).agentArgs("port=0").start()) {
            URI u = URI.create(jvm.agentUrl());
            String garbage = RawHttp.exchange(u.getHost(), u.getPort(), "BREW /coffee HTCPCP/1.0\r\n\r\n");
            assertTrue(garbage.startsWith("HTTP/1.1 400"), garbage);
            String huge = "GET /info HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(9000) + "\r\n\r\n";
            String tooBig = RawHttp.exchange(u.getHost(), u.getPort(), huge);
            assertTrue(tooBig.startsWith("HTTP/1.1 431"), tooBig);
            assertTrue(tooBig.contains("\"error\""), tooBig);
            String noHeaders = RawHttp.exchange(u.getHost(), u.getPort(), "\r\n\r\n");
            assertTrue(noHeaders.isEmpty() || noHeaders.startsWith("HTTP/1.1 400"), noHeaders);
            assertEquals(200, jvm.agent().get("/health/live").status(), "the agent serves on");
        }
    }
}
