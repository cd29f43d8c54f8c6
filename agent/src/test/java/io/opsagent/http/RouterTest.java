package io.opsagent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opsagent.audit.AuditLog;
import io.opsagent.config.AgentArgs;
import io.opsagent.config.AgentConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The router over server-neutral requests: gates in order, routing, audit, without a server or a JVM attached. */
class RouterTest {
    private static final String OPERATOR = "operator-token-0123456789";
    private static final String MONITOR = "monitor-token-0123456789";

    @TempDir
    Path dir;

    private Router router(String args) throws Exception {
        AgentConfig c = AgentConfig.of(AgentArgs.parse("token=" + OPERATOR + ",monitor.token=" + MONITOR + (args.isEmpty() ? "" : "," + args)),
                new LinkedHashMap<String, String>());
        Authenticator auth = new Authenticator(dir);
        auth.configure(c);
        Router r = new Router(c, auth, new AuditLog(dir.resolve("audit.log")));
        r.add(Route.get("/health/live", Role.MONITOR, "health", q -> Reply.text(200, "live")));
        r.add(Route.get("/", Role.MONITOR, "dashboard", q -> Reply.text(200, "page")));
        r.add(Route.get("/heapdumps/{id}", Role.OPERATOR, "heapdumps", q -> Reply.text(200, "dump " + q.pathParam("id"))));
        r.add(Route.delete("/heapdumps/{id}", Role.OPERATOR, "heapdumps", q -> Reply.text(200, "deleted")));
        r.add(Route.post("/commands/gc", Role.OPERATOR, "commands", q -> Reply.text(200, "gc")));
        r.add(Route.get("/leaks", Role.MONITOR, "leaks", q -> {
            throw HttpError.roleTooLow("histogram needs the operator token", "use the operator token");
        }));
        return r;
    }

    private static Reply call(Router r, String method, String uri, String... headers) {
        Map<String, String> h = new LinkedHashMap<String, String>();
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i], headers[i + 1]);
        }
        return r.serve(IncomingRequest.of(method, uri, h, "192.0.2.7"));
    }

    private static String text(Reply r) throws Exception {
        byte[] b = new byte[(int) r.length()];
        int n = r.body().read(b);
        r.body().close();
        return new String(b, 0, Math.max(0, n), StandardCharsets.UTF_8);
    }

    private static String basic(String token) {
        return "Basic " + Base64.getEncoder().encodeToString(("ops:" + token).getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0} {1} ({2}) -> {3}")
    @CsvSource(delimiter = '|', value = {
        "GET    | /health/live         | none     | 200",
        "GET    | /heapdumps/d1        | operator | 200",
        "GET    | /heapdumps/d1        | monitor  | 403",
        "GET    | /heapdumps/d1        | none     | 401",
        "GET    | /heapdumps/d1        | bad      | 401",
        "HEAD   | /heapdumps/d1        | operator | 405",
        "PUT    | /heapdumps/d1        | operator | 405",
        "GET    | /heapdumps           | operator | 404",
        "GET    | /nothing             | operator | 404",
        "GET    | /leaks               | monitor  | 403",
        "POST   | /commands/gc         | operator | 200",
    })
    void gatesInOrder(String method, String uri, String who, int status) throws Exception {
        Router r = router("public=health");
        String auth = who.equals("operator") ? "Bearer " + OPERATOR : who.equals("monitor") ? "Bearer " + MONITOR
                : who.equals("bad") ? "Bearer nope-nope-nope-nope" : null;
        Reply reply = auth == null ? call(r, method, uri) : call(r, method, uri, "Authorization", auth);
        assertEquals(status, reply.status(), text(reply));
    }

    @Test
    void pathParametersReachTheHandlerAndTheAllowHeaderListsTheMethods() throws Exception {
        Router r = router("");
        assertEquals("dump d9", text(call(r, "GET", "/heapdumps/d9", "Authorization", "Bearer " + OPERATOR)));
        Reply wrong = call(r, "PUT", "/heapdumps/d9", "Authorization", "Bearer " + OPERATOR);
        assertEquals("GET, HEAD, DELETE", wrong.headers().get("Allow"));
    }

    @Test
    void aRouteGroupMustBeOneThePublicKeyKnows() throws Exception {
        Router r = router("");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> r.add(Route.get("/x", Role.MONITOR, "no-such-group", q -> Reply.text(200, "x"))));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> r.add(Route.get("/health/live", Role.MONITOR, "health", q -> Reply.text(200, "again"))));
    }

    @Test
    void stealthTurnsEveryRefusalIntoNotFoundIncludingAHandlersRoleCheck() throws Exception {
        Router r = router("stealth=true");
        assertEquals(404, call(r, "GET", "/heapdumps/d1").status());
        assertEquals(404, call(r, "GET", "/heapdumps/d1", "Authorization", "Bearer " + MONITOR).status());
        assertEquals(404, call(r, "GET", "/leaks", "Authorization", "Bearer " + MONITOR).status());
        assertEquals(404, call(r, "GET", "/heapdumps/d1", "Authorization", "Bearer wrong-wrong-wrong-wrong").status());
    }

    @Test
    void onlyTheDashboardPageOffersBasic() throws Exception {
        Router r = router("public=none");
        assertTrue(call(r, "GET", "/").headers().get("WWW-Authenticate").startsWith("Basic"));
        assertTrue(call(r, "GET", "/health/live").headers().get("WWW-Authenticate").startsWith("Bearer"));
    }

    @Test
    void thePrefixHidesEverythingOutsideIt() throws Exception {
        Router r = router("path.prefix=/ops");
        assertEquals(200, call(r, "GET", "/ops/health/live").status());
        assertEquals(404, call(r, "GET", "/health/live").status());
        assertTrue(r.isProbe("/ops/health/live"));
        assertFalse(r.isProbe("/health/live"));
        assertFalse(r.isProbe("/ops/heapdumps/x"));
    }

    @Test
    void theRateLimitAnswers429WithRetryAfter() throws Exception {
        Router r = router("rate.limit=2/s");
        call(r, "GET", "/health/live");
        call(r, "GET", "/health/live");
        Reply third = call(r, "GET", "/health/live");
        assertEquals(429, third.status());
        assertEquals("1", third.headers().get("Retry-After"));
    }

    @Test
    void oversizedHeadersAre431() throws Exception {
        Reply r = call(router(""), "GET", "/health/live", "X-Big", new String(new char[9000]).replace('\0', 'a'));
        assertEquals(431, r.status());
        assertTrue(r.closesConnection());
    }

    @Test
    void basicCredentialsNeedTheCsrfHeaderAndTheirOwnOriginToChangeState() throws Exception {
        Router r = router("");
        Reply bare = call(r, "POST", "/commands/gc", "Authorization", basic(OPERATOR), "Host", "127.0.0.1:9950");
        assertEquals(403, bare.status());
        assertTrue(text(bare).contains("refused as cross-site"));
        assertEquals(403, call(r, "POST", "/commands/gc", "Authorization", basic(OPERATOR), CsrfRule.HEADER, "1",
                "Host", "127.0.0.1:9950", "Origin", "http://evil.example").status());
        assertEquals(200, call(r, "POST", "/commands/gc", "Authorization", basic(OPERATOR), CsrfRule.HEADER, "1",
                "Host", "127.0.0.1:9950", "Origin", "http://127.0.0.1:9950").status());
        assertEquals(200, call(r, "POST", "/commands/gc", "Authorization", "Bearer " + OPERATOR, "Origin", "http://evil.example").status());
        assertEquals(200, call(r, "GET", "/heapdumps/d1", "Authorization", basic(OPERATOR), "Origin", "http://evil.example").status());
        String audit = new String(Files.readAllBytes(dir.resolve("audit.log")), StandardCharsets.UTF_8);
        assertEquals(2, audit.split("refused as cross-site", -1).length - 1, audit);
    }
}
