package io.opsagent.it.identity;

import io.opsagent.identity.TestJwts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opsagent.it.support.AgentClient;
import io.opsagent.it.support.HttpResult;
import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.TargetJvm;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Identity-provider tokens over HTTP against the demo JVM: RS256 and ES256 JWTs signed here, their keys
 * served as a JWKS file; roles from the scope claim; every rejection case is 401 and audited with its
 * reason; static tokens keep working; a rotated JWKS file is picked up while the agent runs.
 */
class JwtAuthTest {
    private static final String ISS = "https://idp.example";
    private static final String AUD = "opsagent";
    private static final String OPERATOR = "operator-token-0123456789abcdef";

    private static String claims(long expSeconds, String scope) {
        return TestJwts.claims(ISS, AUD, expSeconds, scope);
    }

    @ParameterizedTest
    @MethodSource("io.opsagent.it.support.Jdks#each")
    void jwtsGrantRolesByScopeAndEveryRejectionIs401(Jdks.Jdk jdk) throws Exception {
        TestJwts keys = new TestJwts();
        Path data = Files.createTempDirectory("opsagent-jwt");
        Path jwks = data.resolve("jwks.json");
        Files.write(jwks, keys.jwks("rsa-1", "ec-1").getBytes(StandardCharsets.UTF_8));
        long in5m = System.currentTimeMillis() / 1000 + 300;
        try (TargetJvm jvm = TargetJvm.demo(jdk).jvmArgs("-Xmx64m").agentArgs("port=0,data.dir=" + data + ",token=" + OPERATOR
                + ",auth.jwt.jwks=" + jwks + ",auth.jwt.issuer=" + ISS + ",auth.jwt.audience=" + AUD
                + ",auth.jwt.roles.monitor=ops:read,auth.jwt.roles.operator=ops:write,auth.jwt.roles.dump=ops:dump"
                + ",auth.jwt.clock.skew=30s,dump.requires.permission=true").start()) {
            AgentClient agent = jvm.anonymous();
            AgentClient monitor = agent.withToken(keys.rs256("rsa-1", claims(in5m, "openid ops:read")));
            assertEquals(200, monitor.get("/info").status(), "scope ops:read grants the monitor role");
            assertEquals(403, monitor.post("/commands/gc", "{}").status());
            assertEquals(401, agent.withToken(keys.rs256("rsa-1", claims(in5m, "openid"))).get("/info").status(),
                    "a valid JWT whose scope grants no role counts as no credential");

            String arrayScope = "{\"iss\":\"" + ISS + "\",\"aud\":[\"" + AUD + "\"],\"sub\":\"bob\",\"exp\":" + in5m + ",\"scope\":[\"ops:write\"]}";
            AgentClient operator = agent.withToken(keys.es256("ec-1", arrayScope));
            assertEquals(200, operator.post("/commands/gc", "{}").status(), "ES256, scope as an array: operator");
            assertEquals(403, operator.post("/heapdumps", "").status(), "operator without ops:dump takes no dump");

            HttpResult dump = agent.withToken(keys.rs256("rsa-1", claims(in5m, "ops:write ops:dump"))).post("/heapdumps", "");
            assertEquals(202, dump.status(), dump.text());
            assertEquals(200, agent.withToken(OPERATOR).post("/commands/gc", "{}").status(), "static tokens keep working alongside");

            long now = System.currentTimeMillis() / 1000;
            Map<String, String> refused = new LinkedHashMap<>();
            refused.put("alg none", TestJwts.none(claims(in5m, "ops:write")));
            refused.put("alg HS256", keys.hs256WithPublicKey("rsa-1", claims(in5m, "ops:write")));
            refused.put("expired", keys.rs256("rsa-1", claims(now - 120, "ops:write")));
            refused.put("not valid yet", keys.rs256("rsa-1", "{\"iss\":\"" + ISS + "\",\"aud\":\"" + AUD + "\",\"exp\":" + in5m
                    + ",\"nbf\":" + (now + 240) + ",\"scope\":\"ops:write\"}"));
            refused.put("audience", keys.rs256("rsa-1", TestJwts.claims(ISS, "another-service", in5m, "ops:write")));
            refused.put("issuer", keys.rs256("rsa-1", TestJwts.claims("https://evil.example", AUD, in5m, "ops:write")));
            refused.put("unknown kid", keys.rs256("rsa-7", claims(in5m, "ops:write")));
            String good = keys.rs256("rsa-1", claims(in5m, "ops:read"));
            String forged = good.substring(0, good.indexOf('.') + 1)
                    + TestJwts.b64(claims(in5m, "ops:write ops:dump").getBytes(StandardCharsets.UTF_8)) + good.substring(good.lastIndexOf('.'));
            refused.put("bad signature", forged);
            for (Map.Entry<String, String> r : refused.entrySet()) {
                HttpResult answer = agent.withToken(r.getValue()).post("/commands/gc", "{}");
                assertEquals(401, answer.status(), r.getKey() + ": " + answer.text());
                assertEquals("Bearer realm=\"opsagent\"", answer.header("WWW-Authenticate"));
            }
            String audit = new String(Files.readAllBytes(data.resolve("audit.log")), StandardCharsets.UTF_8);
            for (String reason : refused.keySet()) {
                assertTrue(audit.contains("credential refused: JWT: " + reason), reason + " missing from the audit log:\n" + audit);
            }
            assertTrue(audit.contains("\"subject\":\"jwt bob\",\"action\":\"POST /commands/gc\",\"status\":200"), audit);
        }
    }

    @Test
    void aRotatedJwksFileIsReadWhileTheAgentRuns() throws Exception {
        TestJwts first = new TestJwts();
        TestJwts second = new TestJwts();
        Path dir = Files.createTempDirectory("opsagent-jwks");
        Path jwks = dir.resolve("jwks.json");
        Files.write(jwks, first.jwks("rsa-1", "ec-1").getBytes(StandardCharsets.UTF_8));
        long in5m = System.currentTimeMillis() / 1000 + 300;
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).agentArgs("port=0,auth.jwt.jwks=" + jwks + ",auth.jwt.issuer=" + ISS
                + ",auth.jwt.audience=" + AUD + ",auth.jwt.roles.monitor=ops:read,auth.static.tokens=false").start()) {
            AgentClient oldKey = jvm.anonymous().withToken(first.rs256("rsa-1", claims(in5m, "ops:read")));
            AgentClient newKey = jvm.anonymous().withToken(second.rs256("rsa-2", claims(in5m, "ops:read")));
            assertEquals(200, oldKey.get("/info").status());
            assertEquals(401, newKey.get("/info").status());
            assertEquals(401, jvm.agent().get("/info").status(), "auth.static.tokens=false: the operator token is refused");

            Path tmp = dir.resolve("jwks.json.new");
            Files.write(tmp, second.jwks("rsa-2", "ec-2").getBytes(StandardCharsets.UTF_8));
            Files.move(tmp, jwks, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            int status = 0;
            for (int i = 0; i < 20 && status != 200; i++) {
                TargetJvm.sleep(250);
                status = newKey.get("/info").status();
            }
            assertEquals(200, status, "the rotated key is accepted without a restart");
            assertEquals(401, oldKey.get("/info").status(), "the key removed from the set is refused");
        }
    }

    @Test
    void aJwksFromAnHttpsUrlIsFetchedAgainForAnUnknownKid() throws Exception {
        Path dir = Files.createTempDirectory("opsagent-jwks-https");
        TestPki pki = new TestPki(dir);
        Path trust = pki.ca("idp-ca");
        Path idp = pki.signed("idp", "CN=idp", "ip:127.0.0.1", "idp-ca");
        TestJwts first = new TestJwts();
        TestJwts second = new TestJwts();
        AtomicReference<String> served = new AtomicReference<>(first.jwks("rsa-1", "ec-1"));
        AtomicInteger fetches = new AtomicInteger();
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext(idp)));
        server.createContext("/jwks", x -> {
            fetches.incrementAndGet();
            byte[] body = served.get().getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().set("Content-Type", "application/json");
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();
        long in5m = System.currentTimeMillis() / 1000 + 300;
        String url = "https://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current())
                .jvmArgs("-Djavax.net.ssl.trustStore=" + trust, "-Djavax.net.ssl.trustStorePassword=" + TestPki.PASSWORD,
                        "-Djavax.net.ssl.trustStoreType=PKCS12")
                .agentArgs("port=0,auth.jwt.jwks=" + url + ",auth.jwt.issuer=" + ISS + ",auth.jwt.audience=" + AUD
                        + ",auth.jwt.roles.monitor=ops:read").start()) {
            AgentClient oldKey = jvm.anonymous().withToken(first.es256("ec-1", claims(in5m, "ops:read")));
            AgentClient newKey = jvm.anonymous().withToken(second.rs256("rsa-2", claims(in5m, "ops:read")));
            assertEquals(200, oldKey.get("/info").status(), "keys fetched from the HTTPS JWKS");
            assertEquals(1, fetches.get());

            served.set(second.jwks("rsa-2", "ec-2"));
            int status = 0;
            int asked = 0;
            long until = System.currentTimeMillis() + 15_000;
            while (status != 200 && System.currentTimeMillis() < until) {
                status = newKey.get("/info").status();
                asked++;
                TargetJvm.sleep(200);
            }
            assertEquals(200, status, "an unknown kid fetches the set again, which now holds the rotated key");
            assertTrue(fetches.get() <= 3, asked + " requests with an unknown kid caused " + fetches.get() + " fetches: at most one per 5 s");
            assertEquals(401, oldKey.get("/info").status(), "the key rotated out is refused");
        } finally {
            server.stop(0);
        }
    }

    private static SSLContext serverContext(Path keyStore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, TestPki.PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, TestPki.PASSWORD.toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, null);
        return ssl;
    }
}
