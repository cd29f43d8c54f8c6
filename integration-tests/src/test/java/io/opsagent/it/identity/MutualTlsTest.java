package io.opsagent.it.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.TargetJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Client certificates over real TLS against the demo JVM: a CA, a server and client certificates made
 * in the test; roles by subject and SAN patterns; no session without a valid certificate; the subject in
 * the audit log; the key store and the trust store rotated on disk while the agent runs.
 */
class MutualTlsTest {
    private static final String OPERATOR = "operator-token-0123456789abcdef";
    private static final String CSRF = "X-OpsAgent-CSRF";
    private static Path dir;
    private static Path trust;
    private static Path server;
    private static Path ops;
    private static Path mon;
    private static Path dumper;
    private static Path rogue;
    private static TestPki pki;

    @BeforeAll
    static void certificates() throws Exception {
        dir = Files.createTempDirectory("opsagent-mtls");
        pki = new TestPki(dir);
        trust = pki.ca("ca");
        server = pki.selfSigned("server", "CN=agent-one", "ip:127.0.0.1,dns:localhost");
        ops = pki.signed("ops", "CN=ops-1, O=Example", "email:ops-1@example.com", "ca");
        mon = pki.signed("mon", "CN=mon-1, O=Example", null, "ca");
        dumper = pki.signed("dumper", "CN=mon-2, O=Example", "dns:dump.ops.example", "ca");
        rogue = pki.selfSigned("rogue", "CN=ops-rogue", null);
    }

    private static String tlsArgs(String clientAuth) {
        return "port=0,token=" + OPERATOR + ",tls.keystore=" + server + ",tls.keystore.password=" + TestPki.PASSWORD
                + ",tls.client.auth=" + clientAuth + ",tls.truststore=" + trust + ",tls.truststore.password=" + TestPki.PASSWORD
                + ",tls.client.operator=CN=ops-*,tls.client.monitor=CN=mon-*,tls.client.dump=DNS=*.ops.example";
    }

    @Test
    void requiredCertificatesMapToRolesAndTheAuditLogNamesThem() throws Exception {
        Path data = Files.createTempDirectory("opsagent-mtls-data");
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).jvmArgs("-Xmx64m")
                .agentArgs(tlsArgs("required") + ",dump.requires.permission=true,data.dir=" + data).start()) {
            String url = jvm.agentUrl();
            MtlsClient asOps = new MtlsClient(url, ops);
            MtlsClient asMon = new MtlsClient(url, mon);
            MtlsClient asDumper = new MtlsClient(url, dumper);

            assertTrue(new MtlsClient(url, null).refusedSession(), "required: no certificate, no TLS session");
            assertTrue(new MtlsClient(url, rogue).refusedSession(), "required: a certificate from another CA gets no session");

            assertEquals(200, asOps.call("GET", "/info").status, "CN=ops-1 is an operator");
            assertEquals(200, asOps.call("POST", "/commands/gc", CSRF, "1").status);
            MtlsClient.Answer crossSite = asOps.call("POST", "/commands/gc");
            assertEquals(403, crossSite.status, "a browser attaches certificates by itself: the cross-site rule applies " + crossSite);
            assertTrue(crossSite.body.contains("cross-site"), crossSite.body);
            assertEquals(403, asOps.call("POST", "/heapdumps", CSRF, "1").status, "the operator pattern grants no dump permission");

            assertEquals(200, asMon.call("GET", "/info").status, "CN=mon-1 is a monitor");
            assertEquals(403, asMon.call("POST", "/commands/gc", CSRF, "1").status);
            assertEquals(200, asMon.call("POST", "/commands/gc", "Authorization", "Bearer " + OPERATOR).status,
                    "a token on top of a certificate adds its role");
            assertEquals(401, asMon.call("GET", "/info", "Authorization", "Bearer wrong-token-0123456789").status,
                    "a wrong token is refused whatever certificate comes with it");

            MtlsClient.Answer dump = asDumper.call("POST", "/heapdumps", CSRF, "1");
            assertEquals(202, dump.status, "SAN dns:dump.ops.example matches tls.client.dump: " + dump);

            String audit = new String(Files.readAllBytes(data.resolve("audit.log")), StandardCharsets.UTF_8);
            assertTrue(audit.contains("\"subject\":\"cert CN=ops-1,O=Example\",\"action\":\"POST /commands/gc\",\"status\":200"), audit);
            assertTrue(audit.contains("\"subject\":\"cert CN=mon-2,O=Example\",\"action\":\"POST /heapdumps\",\"status\":202"), audit);
        }
    }

    @ParameterizedTest
    @MethodSource("io.opsagent.it.support.Jdks#each")
    void optionalCertificatesLeaveTokensWorkingAndRefuseAnInvalidCertificate(Jdks.Jdk jdk) throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(jdk).agentArgs(tlsArgs("optional")).start()) {
            MtlsClient none = new MtlsClient(jvm.agentUrl(), null);
            assertEquals(200, none.call("GET", "/health/live").status, "optional: no certificate is fine");
            assertEquals(401, none.call("GET", "/info").status);
            assertEquals(200, none.call("GET", "/info", "Authorization", "Bearer " + OPERATOR).status);
            assertEquals(200, new MtlsClient(jvm.agentUrl(), mon).call("GET", "/info").status);
            assertTrue(new MtlsClient(jvm.agentUrl(), rogue).refusedSession(), "optional: a certificate sent must still be valid");
        }
    }

    @Test
    void rotatedKeyStoreAndTrustStoreServeTheNextHandshake() throws Exception {
        Path live = dir.resolve("live-server.p12");
        Path liveTrust = dir.resolve("live-trust.p12");
        Files.copy(server, live, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(trust, liveTrust, StandardCopyOption.REPLACE_EXISTING);
        Path rotated = pki.selfSigned("server2", "CN=agent-two", "ip:127.0.0.1");
        Path trust2 = pki.ca("ca2");
        Path ops2 = pki.signed("ops2", "CN=ops-2", null, "ca2");
        String args = tlsArgs("required").replace(server.toString(), live.toString()).replace(trust.toString(), liveTrust.toString());
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).agentArgs(args).start()) {
            String url = jvm.agentUrl();
            assertEquals("CN=agent-one", new MtlsClient(url, ops).call("GET", "/info").serverSubject);
            MtlsClient resumer = new MtlsClient(url, ops).resuming();
            assertEquals(200, resumer.call("GET", "/info").status);
            assertTrue(new MtlsClient(url, ops2).refusedSession(), "ca2 is not trusted yet");

            replace(rotated, live);
            replace(trust2, liveTrust);
            String seen = null;
            boolean ops2Admitted = false;
            for (int i = 0; i < 40 && !("CN=agent-two".equals(seen) && ops2Admitted); i++) {
                TargetJvm.sleep(250);
                MtlsClient.Answer a = new MtlsClient(url, ops2).refusedSession() ? null : new MtlsClient(url, ops2).call("GET", "/info");
                if (a != null) {
                    seen = a.serverSubject;
                    ops2Admitted = a.status == 200;
                }
            }
            assertEquals("CN=agent-two", seen, "the next handshake uses the rotated key store, without a restart");
            assertTrue(ops2Admitted, "a certificate of the rotated trust store's CA is admitted");
            assertTrue(new MtlsClient(url, ops).refusedSession(), "the old CA is no longer trusted");
            assertTrue(resumer.refusedSession(), "nor is a TLS session resumed from before the rotation");
            assertEquals(200, new MtlsClient(url, ops2).call("GET", "/health/live").status);
        }
    }

    /** Written beside and moved into place, as a deployment tool does, so the agent never reads half a file. */
    private static void replace(Path from, Path to) throws Exception {
        Path tmp = to.resolveSibling(to.getFileName() + ".new");
        Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
