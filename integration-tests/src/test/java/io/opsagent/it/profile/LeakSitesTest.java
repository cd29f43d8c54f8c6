package io.opsagent.it.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import io.opsagent.it.support.Artifacts;
import io.opsagent.it.support.HttpResult;
import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.TargetJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Allocation sites of the demo's leak: on request ({@code GET /leaks?sites=<class>}, every JDK) and
 * automatically for a growing class in {@code /leaks} (the JDK running the tests, and Java 8, whose
 * sites come from constructor sampling). The automatic path needs the leak analysis's first minute,
 * so its JVMs start before the other tests and are checked last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LeakSitesTest {
    static final String LEAKED = "io.opsagent.demo.DemoLeakedRecord";
    private static final Map<Jdks.Jdk, TargetJvm> BACKGROUND = new LinkedHashMap<>();

    /** The JDKs of the automatic path: the one running the tests and Java 8, of those this run covers. */
    static Stream<Jdks.Jdk> automatic() {
        return Jdks.each().filter(j -> j.equals(Jdks.current()) || j.feature() == 8);
    }

    @BeforeAll
    static void startTheLeakForTheAutomaticPath() throws Exception {
        for (Jdks.Jdk jdk : automatic().toList()) {
            TargetJvm jvm = TargetJvm.demo(jdk).jvmArgs("-Xms128m", "-Xmx128m")
                    .agentArgs("port=0,leak.window=60s,leak.histogram.interval=10s").start();
            BACKGROUND.put(jdk, jvm);
            jvm.demo("/start/churn?bytesPerSecond=20000000&turnoverPerSecond=15000000");
            jvm.demo("/start/leak?bytesPerSecond=250000&recordBytes=5000&garbagePerSecond=0");
        }
    }

    @AfterAll
    static void stopIt() {
        BACKGROUND.values().forEach(TargetJvm::close);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("automatic")
    @Order(2)
    void aGrowingClassInLeaksCarriesItsAllocationSites(Jdks.Jdk jdk) throws Exception {
        TargetJvm background = BACKGROUND.get(jdk);
        JsonObject sites = awaitSites(background, LEAKED, 200);
        assertEquals(jdk.feature() < 11 ? "bytebuddy constructor sampling" : "async-profiler alloc,live", sites.get("engine").getAsString());
        JsonObject top = sites.getAsJsonArray("sites").get(0).getAsJsonObject().getAsJsonArray("frames").get(0).getAsJsonObject();
        assertEquals("io.opsagent.demo.LeakScenario.lambda$start$0", top.get("method").getAsString(), sites.toString());
        assertEquals(lineOf("LeakScenario.java", "new DemoLeakedRecord("), top.get("line").getAsInt(), sites.toString());
        assertTrue(sites.get("durationMillis").getAsLong() <= 35_000, "sampling stops after leak.sites.duration (30s by default): " + sites);
        JsonObject sampler = background.agent().get("/leaks").json().getAsJsonObject("allocationSampler");
        assertTrue(sampler.get("sampling") == null || !sampler.get("sampling").getAsString().equals(LEAKED), "and is off again: " + sampler);
    }

    /**
     * The demo's records hold their payload in a byte[], which the class histogram names {@code [B}: its
     * sites are those byte arrays, allocated in the record's constructor, called from the demo's line.
     */
    @Test
    @Order(3)
    void aGrowingArrayClassCarriesItsAllocationSitesToo() throws Exception {
        TargetJvm background = BACKGROUND.get(Jdks.current());
        assumeTrue(background != null, "the JDK running the tests is not among -Djdks");
        JsonObject sites = awaitSites(background, "[B", 120);
        assertEquals("byte[]", sites.get("className").getAsString(), sites.toString());
        JsonObject top = sites.getAsJsonArray("sites").get(0).getAsJsonObject();
        assertEquals("instance", top.get("match").getAsString(), sites.toString());
        var frames = top.getAsJsonArray("frames");
        assertEquals(LEAKED + ".<init>", frames.get(0).getAsJsonObject().get("method").getAsString(), sites.toString());
        assertEquals("io.opsagent.demo.LeakScenario.lambda$start$0", frames.get(1).getAsJsonObject().get("method").getAsString(), sites.toString());
        assertEquals(lineOf("LeakScenario.java", "new DemoLeakedRecord("), frames.get(1).getAsJsonObject().get("line").getAsInt(), sites.toString());
    }

    /** Polls {@code /leaks} until the growing class {@code name} shows sampled sites, and returns its {@code allocationSites}. */
    static JsonObject awaitSites(TargetJvm jvm, String name, long seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        JsonObject leaks = null;
        while (System.nanoTime() < deadline) {
            leaks = jvm.agent().get("/leaks").json();
            for (var e : leaks.getAsJsonArray("growingClasses")) {
                JsonObject c = e.getAsJsonObject();
                if (c.get("className").getAsString().equals(name) && hasSites(c)) {
                    return c.getAsJsonObject("allocationSites");
                }
            }
            TargetJvm.sleep(2000);
        }
        throw new AssertionError("no allocation sites for " + name + " in time; last /leaks: " + leaks);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.opsagent.it.support.Jdks#each")
    @Order(1)
    void sitesNameTheDemosAllocatingLine(Jdks.Jdk jdk) throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(jdk).agentArgs("port=0,monitor.token=" + ProfileEndpointTest.MONITOR).jvmArgs("-Xmx256m").start()) {
            jvm.demo("/start/leak?bytesPerSecond=400000&recordBytes=2000");
            assertEquals(403, jvm.anonymous().withToken(ProfileEndpointTest.MONITOR).get("/leaks?sites=" + LEAKED).status(), "operator only");
            assertEquals(400, jvm.agent().get("/leaks?sites=not%20a%20class").status());
            HttpResult r = jvm.agent().get("/leaks?sites=" + LEAKED + "&duration=5s");
            assertEquals(200, r.status(), r.text());
            JsonObject sites = r.json().getAsJsonObject("allocationSites");
            assertSitesNameTheDemosLine(sites, jdk.feature() < 11 ? "bytebuddy constructor sampling" : "async-profiler alloc,live");
            if (jdk.feature() < 11) {
                // async-profiler keeps only live objects from 11 on: Java 8 instruments the class's constructors for the window
                assertTrue(sites.get("note").getAsString().contains("Java 11"), sites.toString());
                HttpResult array = jvm.agent().get("/leaks?sites=byte%5B%5D&duration=1s");
                assertEquals(200, array.status(), array.text());
                JsonObject arraySites = array.json().getAsJsonObject("allocationSites");
                assertTrue(arraySites.get("note").getAsString().contains("byte[] is an array: arrays have no constructor"), arraySites.toString());
            }
            JsonObject leaks = jvm.agent().get("/leaks").json();
            assertTrue(leaks.getAsJsonObject("allocationSampler").getAsJsonArray("sampled").toString().contains(LEAKED), leaks.toString());
        }
    }

    /**
     * A report of the demo's leak names the lambda that writes {@code new DemoLeakedRecord(} and its line, with
     * the cost of the sampling; for the constructor sampler also that the class was restored.
     */
    static void assertSitesNameTheDemosLine(JsonObject sites, String engine) throws Exception {
        int line = lineOf("LeakScenario.java", "new DemoLeakedRecord(");
        assertEquals(LEAKED, sites.get("className").getAsString());
        assertEquals(engine, sites.get("engine").getAsString(), sites.toString());
        // On a 5 s window the leak's objects may all be younger than half of it: those are counted apart, and shown when alone.
        int young = sites.has("youngSamples") ? sites.get("youngSamples").getAsInt() : 0;
        assertTrue(sites.get("matchedSamples").getAsInt() + young > 0, "some sampled live objects are the leak's: " + sites);
        JsonObject topFrame = sites.getAsJsonArray("sites").get(0).getAsJsonObject().getAsJsonArray("frames").get(0).getAsJsonObject();
        assertEquals("io.opsagent.demo.LeakScenario.lambda$start$0", topFrame.get("method").getAsString(), sites.toString());
        assertEquals("LeakScenario.java", topFrame.get("file").getAsString());
        assertEquals(line, topFrame.get("line").getAsInt(), "the line of new DemoLeakedRecord(...) in the demo");
        JsonObject cost = sites.getAsJsonObject("cost");
        assertTrue(cost.get("cpuCoresWhileOn").getAsDouble() >= 0, sites.toString());
        if (engine.startsWith("bytebuddy")) {
            assertTrue(cost.get("constructionsSeen").getAsLong() >= sites.get("matchedSamples").getAsInt(), sites.toString());
            assertTrue(cost.get("samplesKept").getAsInt() >= sites.get("matchedSamples").getAsInt(), sites.toString());
            assertTrue(cost.getAsJsonObject("retransform").get("onMillis").getAsLong() >= 0, sites.toString());
            assertTrue(cost.get("instrumentationRemoved").getAsBoolean(), "the class is restored after the window: " + sites);
        }
    }

    /**
     * Whether a growing class shows sampled sites. A sampling that matched nothing is shown, with when it
     * is tried again: the tests wait for that try (and print what they saw), as a user would.
     */
    static boolean hasSites(JsonObject growingClass) {
        JsonObject sites = growingClass.getAsJsonObject("allocationSites");
        if (sites == null || !sites.has("sites")) {
            return false;
        }
        if (sites.getAsJsonArray("sites").isEmpty()) {
            assertTrue(sites.get("matchedSamples").getAsInt() == 0 && sites.get("note").getAsString().contains("sampled again from"),
                    "an empty sampling says so and when it is tried again: " + sites);
            System.err.println("LeakSitesTest: an automatic sampling matched nothing, waiting for its retry: " + sites);
            return false;
        }
        return true;
    }

    /** The 1-based line of the first occurrence of {@code text} in a demo source file. */
    static int lineOf(String file, String text) throws Exception {
        Path src = Artifacts.demoJar().getParent().getParent().resolve("src/main/java/io/opsagent/demo/" + file);
        List<String> lines = Files.readAllLines(src);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " is not in " + src);
    }
}
