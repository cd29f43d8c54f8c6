package io.opsagent.it.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.opsagent.it.support.AgentClient;
import io.opsagent.it.browser.BrowserPage;
import io.opsagent.it.browser.Chromium;
import io.opsagent.it.support.HttpResult;
import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.TargetJvm;
import io.opsagent.it.support.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code POST /profile} and {@code /jfr} against the demo on every installed JDK: a known hot method
 * and a known allocating method must top their profiles, the files must be what real tools read
 * (the JDK's {@code jfr}, Chromium), and nothing of async-profiler may be in the process before the
 * first profile.
 */
class ProfileEndpointTest {
    static final String MONITOR = "monitor-token-0123456789abcdef";
    static final String HOT = "io.opsagent.demo.BusyScenario.lambda$start$0";
    static final String ALLOCATING = "io.opsagent.demo.ChurnScenario.garbage";
    static final String CHURN = "io.opsagent.demo.ChurnScenario.";
    static final List<String> CPU_SAMPLERS = List.of("perf_events", "ctimer", "itimer");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.opsagent.it.support.Jdks#each")
    void profilesAndRecordingsByAsyncProfiler(Jdks.Jdk jdk) throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(jdk).agentArgs("port=0,monitor.token=" + MONITOR).jvmArgs("-Xmx256m").start()) {
            jvm.demo("/start/busy");
            jvm.demo("/start/churn?bytesPerSecond=20000000");
            AgentClient agent = jvm.agent();
            assertEquals(200, agent.get("/jfr").status());
            assertFalse(nativeLibraryMapped(jvm), "nothing of async-profiler is loaded before the first profile");
            assertEquals(403, jvm.anonymous().withToken(MONITOR).post("/profile?duration=1s", null).status(), "profiles are operator-only");
            assertEquals(403, jvm.anonymous().withToken(MONITOR).get("/jfr").status(), "recordings are operator-only");
            assertEquals(400, agent.post("/profile?duration=10m", null).status(), "beyond 5 min");
            assertEquals(400, agent.post("/profile?event=heat", null).status());

            HttpResult cpu = agent.post("/profile?event=cpu&duration=2s&format=collapsed", null);
            assertEquals(200, cpu.status(), cpu.text());
            assertEquals("async-profiler", cpu.header("X-Profile-Engine"));
            assertTrue(CPU_SAMPLERS.contains(cpu.header("X-Profile-Sampler")), cpu.header("X-Profile-Sampler"));
            assertTrue(nativeLibraryMapped(jvm), "the first profile loads the library");
            Collapsed.Stack top = Collapsed.parse(cpu.text()).heaviest();
            assertEquals(HOT, top.deepest("io.opsagent.demo."), "the hot method tops the cpu profile: " + top);

            HttpResult alloc = agent.post("/profile?event=alloc&duration=2s&format=collapsed", null);
            assertEquals(200, alloc.status(), alloc.text());
            if (jdk.feature() >= 11) {
                assertEquals("alloc", alloc.header("X-Profile-Sampler"));
            } else {
                assertEquals("jfr", alloc.header("X-Profile-Engine"), "before 11 allocations are JFR's");
                assertTrue(alloc.header("X-Profile-Fallback").contains("Java 11"), alloc.header("X-Profile-Fallback"));
            }
            assertAllocatingMethodNamed(Collapsed.parse(alloc.text()), jdk.feature() >= 11);

            // one at a time
            CompletableFuture<HttpResult> running = CompletableFuture.supplyAsync(() -> agent.post("/profile?event=wall&duration=3s&format=html", null));
            HttpResult busy = awaitBusy(agent);
            assertEquals(429, busy.status(), busy.text());
            assertNotNull(busy.header("Retry-After"));
            HttpResult html = running.get();
            assertEquals(200, html.status(), html.text());
            assertTrue(html.header("Content-Type").startsWith("text/html"), html.header("Content-Type"));
            assertFlameGraphOpensCleanly(jvm, html.body(), false);

            HttpResult jfrProfile = agent.post("/profile?event=cpu&duration=2s&format=jfr", null);
            assertEquals(200, jfrProfile.status(), jfrProfile.text());
            Path profileFile = jvm.dir().resolve("profile.jfr");
            Files.write(profileFile, jfrProfile.body());
            assertReadByJfrTool(jdk, profileFile, "BusyScenario");

            recordingLifecycle(jdk, jvm, agent);
        }
    }

    /** POST /jfr, GET /jfr, GET /jfr/id (whole and a range), DELETE. */
    private static void recordingLifecycle(Jdks.Jdk jdk, TargetJvm jvm, AgentClient agent) throws Exception {
        HttpResult started = agent.post("/jfr", "{\"settings\":\"profile\"}");
        assertEquals(201, started.status(), started.text());
        String id = started.json().get("id").getAsString();
        TargetJvm.sleep(1500);
        JsonObject list = agent.get("/jfr").json();
        assertTrue(list.toString().contains("\"id\":\"" + id + "\"") && list.toString().contains("running"), list.toString());
        Path file = jvm.dir().resolve("recording.jfr");
        HttpResult whole = agent.download("/jfr/" + id, file);
        assertEquals(200, whole.status());
        assertEquals("bytes", whole.header("Accept-Ranges"));
        assertReadByJfrTool(jdk, file, "BusyScenario");
        byte[] all = Files.readAllBytes(file);
        HttpResult tail = agent.get("/jfr/" + id, "Range", "bytes=1000-");
        assertEquals(206, tail.status());
        assertEquals("bytes 1000-" + (all.length - 1) + "/" + all.length, tail.header("Content-Range"));
        assertTrue(Arrays.equals(Arrays.copyOfRange(all, 1000, all.length), tail.body()), "a range resumes the same snapshot");
        assertEquals(416, agent.get("/jfr/" + id, "Range", "bytes=" + all.length + "-").status());
        assertEquals(200, agent.delete("/jfr/" + id).status());
        assertEquals(404, agent.get("/jfr/" + id).status());
        assertEquals(404, agent.get("/jfr/../../token").status());
    }

    static void assertReadByJfrTool(Jdks.Jdk jdk, Path file, String expectedFrame) {
        String summary = Tools.run(jdk.tool("jfr"), "summary", file.toString());
        assertTrue(summary.contains("jdk.ExecutionSample"), summary);
        String samples = Tools.run(jdk.tool("jfr"), "print", "--events", "jdk.ExecutionSample", file.toString());
        assertTrue(samples.contains(expectedFrame), "jfr print shows the hot frame: " + samples.substring(0, Math.min(2000, samples.length())));
    }

    static void assertFlameGraphOpensCleanly(TargetJvm jvm, byte[] html, boolean ours) throws Exception {
        String text = new String(html, java.nio.charset.StandardCharsets.UTF_8);
        assertFalse(text.matches("(?s).*(src|href)=['\"]?https?:.*\\.(js|css)['\"].*"), "no external scripts or styles");
        assertFalse(text.contains("<script src"), "scripts are inline");
        Path page = jvm.dir().resolve("flame-" + System.nanoTime() + ".html");
        Files.write(page, html);
        try (Chromium browser = Chromium.launch()) {
            BrowserPage p = browser.newPage();
            p.navigate(page.toUri().toString());
            p.waitFor("document.querySelector('canvas') !== null", 30, "the flame graph's canvas");
            assertTrue(p.problems().isEmpty(), "console errors, warnings or uncaught exceptions: " + p.problems());
            String dom = p.text("document.documentElement.outerHTML");
            if (ours) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("data-frames=\"(\\d+)\"").matcher(dom);
                assertTrue(m.find() && Integer.parseInt(m.group(1)) > 1, "the script drew frames: " + dom.substring(0, Math.min(500, dom.length())));
            }
        }
    }

    /**
     * The churn's garbage method tops the allocation profile ({@code heaviest}). Before jdk.ObjectAllocationSample (16),
     * JFR samples at TLAB refills and every allocation outside one, so the churn's 100 KB working-set arrays may outweigh
     * its 10 KB garbage: there the garbage's site must still be one of the stacks.
     */
    static void assertAllocatingMethodNamed(Collapsed allocs, boolean heaviest) {
        if (heaviest) {
            Collapsed.Stack a = allocs.heaviest();
            assertEquals(ALLOCATING, a.deepest("io.opsagent.demo."), "the allocating method tops the alloc profile: " + a);
            assertEquals("byte[]", a.frames().get(a.frames().size() - 1), "the leaf is the allocated class: " + a);
        } else {
            // Java 8's JFR often leaves out the inlined garbage() frame and names its caller, the churn's lambda
            assertTrue(allocs.stacks().stream().anyMatch(st -> String.valueOf(st.deepest("io.opsagent.demo.")).startsWith(CHURN)
                    && st.frames().get(st.frames().size() - 1).equals("byte[]")), "a stack names the churn's allocating code: " + allocs.stacks());
        }
    }

    static boolean nativeLibraryMapped(TargetJvm jvm) throws Exception {
        return Files.readString(Path.of("/proc/" + jvm.pid() + "/maps")).contains("libasyncProfiler");
    }

    /** A second profile while the first runs (it starts within milliseconds; a second is ample on a loaded machine). */
    private static HttpResult awaitBusy(AgentClient agent) {
        TargetJvm.sleep(1000);
        return agent.post("/profile?event=cpu&duration=1s&format=collapsed", null);
    }
}
