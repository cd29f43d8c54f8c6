package io.opsagent.it.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.opsagent.it.support.Artifacts;
import io.opsagent.it.support.HttpResult;
import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.TargetJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code GET /leaks?sites=<class>} on the demo's leak: the top site is the demo's {@code new DemoLeakedRecord(...)}, file and line. */
class LeakSitesTest {
    static final String LEAKED = "io.opsagent.demo.DemoLeakedRecord";

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.opsagent.it.support.Jdks#each")
    void sitesNameTheDemosAllocatingLine(Jdks.Jdk jdk) throws Exception {
        int line = lineOf("LeakScenario.java", "new DemoLeakedRecord(");
        try (TargetJvm jvm = TargetJvm.demo(jdk).agentArgs("port=0,monitor.token=" + ProfileEndpointTest.MONITOR).jvmArgs("-Xmx256m").start()) {
            jvm.demo("/start/leak?bytesPerSecond=400000&recordBytes=2000");
            assertEquals(403, jvm.anonymous().withToken(ProfileEndpointTest.MONITOR).get("/leaks?sites=" + LEAKED).status(), "operator only");
            assertEquals(400, jvm.agent().get("/leaks?sites=not%20a%20class").status());
            HttpResult r = jvm.agent().get("/leaks?sites=" + LEAKED + "&duration=5s");
            assertEquals(200, r.status(), r.text());
            JsonObject sites = r.json().getAsJsonObject("allocationSites");
            assertEquals(LEAKED, sites.get("className").getAsString());
            assertTrue(sites.get("engine").getAsString().startsWith("async-profiler"), sites.toString());
            assertTrue(sites.get("matchedSamples").getAsInt() > 0, "some sampled live objects are the leak's: " + sites);
            JsonObject topFrame = sites.getAsJsonArray("sites").get(0).getAsJsonObject().getAsJsonArray("frames").get(0).getAsJsonObject();
            assertEquals("io.opsagent.demo.LeakScenario.lambda$start$0", topFrame.get("method").getAsString(), sites.toString());
            assertEquals("LeakScenario.java", topFrame.get("file").getAsString());
            assertEquals(line, topFrame.get("line").getAsInt(), "the line of new DemoLeakedRecord(...) in the demo");
            assertTrue(sites.getAsJsonObject("cost").get("cpuCoresWhileOn").getAsDouble() >= 0, sites.toString());
            JsonObject leaks = jvm.agent().get("/leaks").json();
            assertTrue(leaks.getAsJsonObject("allocationSampler").getAsJsonArray("sampled").toString().contains(LEAKED), leaks.toString());
        }
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
