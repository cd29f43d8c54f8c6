package io.opsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.opsagent.it.browser.BrowserPage;
import io.opsagent.it.browser.Chromium;
import io.opsagent.it.support.HttpResult;
import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.LoopbackServers;
import io.opsagent.it.support.TargetJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The dashboard in a real browser (Debian's headless Chromium over the DevTools protocol), against the demo with
 * a leak running: the charts draw real samples, the console stays clean under the page's strict CSP, an operator's
 * GC and heap dump run from the page, and a page of another origin cannot make the browser run a command with the
 * Basic credentials it holds. The screenshot lands in target/dashboard.png.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    /** A small heap: old collections, and so heap floors for the leak chart, come every few seconds. */
    private static final int HEAP_MIB = Integer.getInteger("dashboard.heap.mib", 128);
    private static final String HEAP = HEAP_MIB + "m";
    private static final String HEAP_MAX_SHOWN = HEAP_MIB + ".0 MiB";
    private static final String CHURN = "/start/churn?bytesPerSecond=20000000&turnoverPerSecond=15000000";
    private static final String LEAK = "/start/leak?bytesPerSecond=300000&recordBytes=5000&garbagePerSecond=0";
    /** Floors (heap after old collections) start after the JVM's first minute; the screenshot waits for some. */
    private static final int FLOORS_WITHIN_SECONDS = Integer.getInteger("dashboard.floors.seconds", 120);
    /** To make the README's screenshot, -Ddashboard.verdict=likely waits (up to 5 minutes) for that verdict. */
    private static final String WAIT_FOR_VERDICT = System.getProperty("dashboard.verdict", "");
    /** The CPU profile the test starts from the page (the button's own default is 30 s). */
    private static final int PROFILE_SECONDS = 5;
    private static final String LIVE_CHARTS = "['c-heap','c-pools','c-gctime','c-gccount','c-threads','c-cpu','c-classes','c-nonheap']";
    private static final Path SCREENSHOT = Paths.get("target", "dashboard.png");
    /** Records CSP refusals in the page itself: they also reach the log, but this names the directive. */
    private static final String CSP_RECORDER = "window.__csp = [];"
            + "document.addEventListener('securitypolicyviolation', function (e) {"
            + " window.__csp.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at line ' + e.lineNumber); });";

    private static TargetJvm jvm;
    private static Chromium browser;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        String missing = "Chromium is not installed at " + Chromium.BINARY + " (Debian package chromium, in .ci/debian-packages.txt)";
        if (System.getenv("CI") != null) {
            assertTrue(Chromium.installed(), missing);
        }
        assumeTrue(Chromium.installed(), missing);
        Path dir = Files.createTempDirectory("opsagent-dashboard-");
        Path config = dir.resolve("ops.properties");
        Files.writeString(config, "health.interval=2s\nhealth.timeout=1500ms\n"
                + "check.heap.type=heap\ncheck.heap.critical=false\n"
                + "check.gc.type=gc-overhead\ncheck.gc.critical=false\n"
                + "check.deadlock.type=deadlock\ncheck.threads.type=threads\ncheck.fds.type=file-descriptors\ncheck.fds.critical=false\n"
                + "check.disk.type=disk\ncheck.disk.target=" + dir + "\ncheck.disk.critical=false\n");
        // Non-critical where the CI machine could fail a check: /health would answer 503, which Chromium logs as a
        // failed load, and this test would fail on the machine rather than on the page.
        jvm = TargetJvm.demo(Jdks.current())
                // leak.sites.duration=1s: the leak-site sampler shares the one profiler with the page's CPU profile, which
                // would get 429 while the sampler holds it; 1 s per growing class keeps that window small.
                .agentArgs("port=0,config=" + config + ",leak.window=60s,leak.histogram.interval=10s,leak.sites.duration=1s")
                .jvmArgs("-XX:+UseG1GC", "-Xms" + HEAP, "-Xmx" + HEAP)
                .start();
        token = jvm.token();
        jvm.demo(CHURN);
        jvm.demo(LEAK);
        browser = Chromium.launch();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (jvm != null) {
            jvm.close();
        }
    }

    /** A tab that answers the agent's Basic challenge with the token, as a person typing it into the prompt does. */
    private static BrowserPage openDashboard() {
        BrowserPage page = browser.newPage();
        page.beforeEachDocument(CSP_RECORDER);
        page.size(1280, 900);
        page.answerChallengesWith("ops", token);
        page.navigate(jvm.agentUrl() + "/");
        page.stopAnsweringChallenges();
        return page;
    }

    @Test
    @Order(1)
    void thePageDrawsLiveChartsUnderAStrictPolicyAndRunsAnOperatorsActions() throws Exception {
        HttpResult raw = jvm.agent().get("/");
        String csp = raw.header("Content-Security-Policy");
        assertTrue(csp.matches(".*script-src 'nonce-[0-9a-f]{32}'.*") && csp.contains("default-src 'none'")
                && csp.contains("connect-src 'self'") && csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe"), csp);
        String nonce = csp.replaceAll(".*'nonce-([0-9a-f]+)'.*", "$1");
        assertTrue(raw.text().contains("<script nonce=\"" + nonce + "\">"), "the page's script carries this answer's nonce");
        assertFalse(raw.text().matches("(?s).*\\son[a-z]+=.*") || raw.text().contains(" style="),
                "no inline handler or style attribute, which the policy would block");
        assertTrue(!nonce.equals(jvm.agent().get("/").header("Content-Security-Policy").replaceAll(".*'nonce-([0-9a-f]+)'.*", "$1")),
                "each answer has its own nonce");

        BrowserPage page = openDashboard();
        // Live from the first second: the ring already holds the samples taken since the agent started.
        page.waitFor(LIVE_CHARTS + ".every(function (id) { return +document.getElementById(id).getAttribute('data-points') >= 2; })",
                30, "every live chart to draw at least two samples");
        JsonObject series = jvm.agent().get("/dashboard/series").json();
        int samples = series.getAsJsonArray("time").size();
        int heapPoints = Integer.parseInt(page.text("document.getElementById('c-heap').getAttribute('data-points')"));
        assertTrue(heapPoints >= 2 && heapPoints <= samples + 2, heapPoints + " heap points drawn, " + samples + " samples kept");
        String heapLegend = page.text("document.getElementById('l-heap').textContent");
        assertTrue(heapLegend.contains("max " + HEAP_MAX_SHOWN), "the heap chart shows -Xmx" + HEAP + ": " + heapLegend);
        String poolLegend = page.text("document.getElementById('l-pools').textContent");
        assertTrue(poolLegend.contains("G1 Old Gen") && poolLegend.contains("G1 Eden Space"), poolLegend);
        String gcLegend = page.text("document.getElementById('l-gccount').textContent");
        assertTrue(gcLegend.contains("G1 Young Generation"), gcLegend);
        assertTrue(page.text("document.getElementById('l-threads').textContent").contains("RUNNABLE"));
        assertEquals("role operator", page.text("document.getElementById('role').textContent"));
        assertFalse(page.evaluate("document.getElementById('actions-card').classList.contains('hidden')").getAsBoolean(),
                "an operator sees the actions");
        page.waitFor("document.querySelectorAll('#health td.pass').length >= 3", 20, "the health checks to show");

        // GC: the first click arms the button, the second runs it; the page shows what the agent answered.
        int auditBefore = auditLines("POST /commands/gc").size();
        long clicked = System.currentTimeMillis();
        page.click("#act-gc");
        page.waitFor("document.getElementById('act-gc').classList.contains('armed')", 5, "the GC button to ask for confirmation");
        page.click("#act-gc");
        page.waitFor("/^GC done at .*freed/.test(document.getElementById('result-title').textContent)", 30, "the GC result");
        List<String> gcAudit = auditLines("POST /commands/gc");
        assertEquals(auditBefore + 1, gcAudit.size(), "one click, one GC: " + gcAudit);
        assertTrue(gcAudit.get(gcAudit.size() - 1).contains("\"role\":\"operator\",\"action\":\"POST /commands/gc\",\"status\":200"), gcAudit.toString());
        assertTrue(systemGcsSince(clicked) >= 1, "the JVM reports the System.gc() the click asked for");
        JsonObject gcRequest = page.requests("POST", "/commands/gc").get(0);
        assertEquals("1", gcRequest.getAsJsonObject("headers").get("X-OpsAgent-CSRF").getAsString(),
                "the page sends the CSRF header the server asks of Basic-authenticated POSTs: " + gcRequest);

        // Heap dump: accepted at once, then listed with its size once written.
        page.click("#act-heapdump");
        page.click("#act-heapdump");
        page.waitFor("/^Heap dump .* written: /.test(document.getElementById('result-title').textContent)", 60, "the heap dump to be written");
        page.waitFor("document.querySelectorAll('#dumps td').length >= 6 && /manual/.test(document.getElementById('dumps').textContent)",
                15, "the dump to be listed");
        page.click("#act-class-histogram");
        page.waitFor("/^Class histogram at .* classes/.test(document.getElementById('result-title').textContent)"
                + " && /\\[B/.test(document.getElementById('result').textContent)", 30, "the class histogram, with the leak's byte arrays");

        // CPU profile: a countdown while it runs, then the flame graph of the folded stacks, with the engine that ran.
        // The button's 30 s is shortened for CI through its data-duration; the page reads it at click time.
        jvm.demo("/start/busy");
        try {
            page.evaluate("document.getElementById('act-profile').dataset.duration = '" + PROFILE_SECONDS + "s'; 0");
            page.click("#act-profile");
            page.waitFor("/^CPU profile running: \\d+ s left/.test(document.getElementById('result-title').textContent)", 5, "the countdown");
            page.waitFor("+document.getElementById('flame').getAttribute('data-frames') >= 3", PROFILE_SECONDS + 60, "the flame graph");
        } finally {
            jvm.demo("/stop/busy");
        }
        String title = page.text("document.getElementById('result-title').textContent");
        assertTrue(title.startsWith("CPU profile done: "), title);
        String engine = page.text("document.getElementById('profile-engine').textContent");
        assertTrue(engine.matches("engine (async-profiler|jfr), sampler \\S+ .*"), engine);
        String busy = page.text("Array.prototype.map.call(document.querySelectorAll('#flame g.frame'), function (g) {"
                + " return g.getAttribute('data-frame'); }).filter(function (n) { return n.indexOf('io.opsagent.demo.BusyScenario') === 0; }).join(' ')");
        assertFalse(busy.isEmpty(), "a frame of the busy thread: " + page.text("document.getElementById('flame').textContent"));
        String tip = page.text("document.querySelector('#flame g.frame[data-frame^=\"io.opsagent.demo.BusyScenario\"] title').textContent");
        assertTrue(tip.matches("io\\.opsagent\\.demo\\.BusyScenario.*: [\\d,]+ samples, [\\d.]+ %"), tip);
        JsonObject profileRequest = page.requests("POST", "/profile?event=cpu&duration=" + PROFILE_SECONDS + "s&format=collapsed").get(0);
        assertEquals("1", profileRequest.getAsJsonObject("headers").get("X-OpsAgent-CSRF").getAsString(), profileRequest.toString());
        System.out.println("[dashboard-it] profile: " + title + " · " + engine + " · busy frames " + busy + " · tooltip " + tip);

        // The leak section: floors, the trend and the verdict, as /leaks says.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_FOR_VERDICT.isEmpty() ? FLOORS_WITHIN_SECONDS : 300);
        String shown = null;
        String reported = null;
        while (System.nanoTime() < deadline) {
            JsonObject leaks = jvm.agent().get("/leaks").json();
            reported = leaks.get("verdict").getAsString();
            shown = page.text("document.getElementById('leak-verdict').textContent");
            int floors = Integer.parseInt(page.text("document.getElementById('c-floor').getAttribute('data-points') || '0'"));
            boolean enough = WAIT_FOR_VERDICT.isEmpty() ? floors >= 3 : reported.equals(WAIT_FOR_VERDICT) && shown.equals(reported);
            if (enough) {
                break;
            }
            TargetJvm.sleep(2000);
        }
        page.waitFor("+document.getElementById('c-floor').getAttribute('data-points') >= 2", 10, "heap floors on the leak chart");
        // The page refreshes the report every 5 s: within a few refreshes it shows what /leaks says.
        long showDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        do {
            reported = jvm.agent().get("/leaks").json().get("verdict").getAsString();
            TargetJvm.sleep(500);
            shown = page.text("document.getElementById('leak-verdict').textContent");
        } while (!shown.equals(reported) && System.nanoTime() < showDeadline);
        assertEquals(reported, shown, "the page shows /leaks' verdict");
        assertFalse(page.text("document.getElementById('leak-reason').textContent").isEmpty(), "the verdict's reason is shown");

        List<String> problems = page.problems();
        JsonElement csp2 = page.evaluate("window.__csp");
        int[] size = page.screenshot(SCREENSHOT, 1280, 800);
        System.out.println("[dashboard-it] screenshot " + SCREENSHOT.toAbsolutePath() + " " + size[0] + "x" + size[1] + ", leak verdict "
                + shown + ", console messages: " + page.console().size() + ", problems: " + problems + ", CSP violations: " + csp2);
        assertTrue(size[0] >= 1280 && size[1] >= 800, size[0] + "x" + size[1]);
        assertEquals(List.of(), problems, "no console errors or warnings, no failed loads, no uncaught exceptions");
        assertEquals(0, csp2.getAsJsonArray().size(), "no CSP violations: " + csp2);

        // The policy is really enforced, and a refusal would have been seen: an injected inline script does not run.
        page.evaluate("var s = document.createElement('script'); s.textContent = 'window.__injected = 1'; document.body.appendChild(s); 0");
        page.waitFor("window.__csp.length > 0", 5, "the injected script's CSP refusal");
        assertTrue(page.evaluate("window.__injected === undefined").getAsBoolean(), "an inline script without the nonce must not run");
        assertTrue(page.problems().stream().anyMatch(p -> p.contains("Content Security Policy")), page.problems().toString());

        // A profile already running (here one started over HTTP): the button's 429 and the agent's reason show in the page.
        // Last in this test because Chromium logs the refused request as a failed load.
        CompletableFuture<HttpResult> other = CompletableFuture.supplyAsync(
                () -> jvm.agent().post("/profile?event=cpu&duration=4s&format=collapsed", null));
        TargetJvm.sleep(1000);
        page.click("#act-profile");
        page.waitFor("/^CPU profile \\(another profile is running\\) failed: HTTP 429: /.test(document.getElementById('result-title').textContent)",
                10, "the page to show the 429");
        assertEquals(200, other.get(30, TimeUnit.SECONDS).status(), "the profile that held the slot");
        assertTrue(page.evaluate("document.getElementById('profile').classList.contains('hidden')").getAsBoolean(), "no stale flame graph");
        assertFalse(page.problems().stream().anyMatch(p -> p.startsWith("console.")), "the refusal is not written to the console: " + page.problems());
    }

    @Test
    @Order(2)
    void aPageOfAnotherOriginCannotRunACommandWithTheBrowsersBasicCredentials() throws Exception {
        BrowserPage page = openDashboard();
        page.waitFor("document.getElementById('role').textContent === 'role operator'", 20, "the dashboard to load with the operator's credentials");
        String target = jvm.agentUrl() + "/commands/gc";
        // Both ways a cross-site page can send a POST without CORS: a no-cors fetch, then a form (text/plain,
        // which needs no preflight), each with the credentials the browser holds for the agent.
        // The form has no fields: the gc command takes no arguments, so an empty body is a valid request.
        String attack = "<!DOCTYPE html><html><body><form id=\"f\" method=\"POST\" action=\"" + target + "\" enctype=\"text/plain\">"
                + "</form><script>"
                + "fetch('" + target + "', {method: 'POST', mode: 'no-cors', credentials: 'include', body: '{}'})"
                + ".catch(function () {}).then(function () { document.getElementById('f').submit(); });"
                + "</script></body></html>";
        int before = auditLines("POST /commands/gc").size();
        long attacked = System.currentTimeMillis();
        try (LoopbackServers servers = new LoopbackServers()) {
            int port = servers.page(attack).getAddress().getPort();
            // localhost and 127.0.0.1 are different sites as well as different origins.
            page.navigate("http://localhost:" + port + "/");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (auditLines("POST /commands/gc").size() < before + 2 && System.nanoTime() < deadline) {
                TargetJvm.sleep(200);
            }
        }
        List<String> attempts = auditLines("POST /commands/gc");
        attempts = attempts.subList(before, attempts.size());
        System.out.println("[dashboard-it] cross-origin attempts in the audit log: " + attempts);
        assertEquals(2, attempts.size(), "both the no-cors fetch and the form post reached the agent, and a refusal is audited: " + attempts);
        // Chromium sends its cached Basic credentials with the form's navigation but not with the no-cors fetch;
        // the one that carries them is the real test of the server's CSRF rule.
        assertTrue(attempts.stream().anyMatch(a -> a.contains("\"role\":\"operator\"")),
                "the browser sent the operator's Basic credentials along (else this proves nothing): " + attempts);
        for (String a : attempts) {
            boolean withCredentials = a.contains("\"role\":\"operator\"");
            assertTrue(a.contains("\"status\":403") || !withCredentials && a.contains("\"status\":401"),
                    "a cross-origin POST must be refused (403 with the operator's credentials), and no GC run: " + a);
        }
        assertEquals(0, systemGcsSince(attacked), "no System.gc() ran after the cross-origin page opened");
    }

    /** Collections the JVM itself reports as caused by System.gc(), among its last 100, that ended after a moment. */
    private static long systemGcsSince(long epochMillis) {
        JsonObject gc = jvm.agent().get("/gc?last=100").json();
        long n = 0;
        for (JsonElement e : gc.getAsJsonArray("events")) {
            JsonObject ev = e.getAsJsonObject();
            if (ev.get("cause").getAsString().equals("System.gc()") && ev.get("endMillis").getAsLong() >= epochMillis) {
                n++;
            }
        }
        return n;
    }

    private static List<String> auditLines(String action) throws IOException {
        Path audit = jvm.dir().resolve("data/audit.log");
        List<String> out = new ArrayList<>();
        if (Files.exists(audit)) {
            for (String line : Files.readAllLines(audit)) {
                if (!line.isBlank() && JsonParser.parseString(line).getAsJsonObject().get("action").getAsString().equals(action)) {
                    out.add(line);
                }
            }
        }
        return out;
    }

}
