package io.opsagent.it.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.opsagent.it.support.HttpResult;
import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.TargetJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where async-profiler cannot load, profiles come from JFR's samplers and the answer says why: tested
 * with a library that really fails to load ({@code profile.lib} pointing at a file that is not one).
 * Leak sites then come from the suspect class's instrumented constructors. {@code profile.engine=jfr}
 * is tested in {@link ContinuousJfrTest}.
 */
class ProfileFallbackTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.opsagent.it.support.Jdks#each")
    void aLibraryThatDoesNotLoadFallsBackToJfr(Jdks.Jdk jdk) throws Exception {
        Path notALibrary = Files.createTempFile("not-a-library-", ".so");
        Files.writeString(notALibrary, "this is not an ELF file\n");
        try (TargetJvm jvm = TargetJvm.demo(jdk).agentArgs("port=0,profile.lib=" + notALibrary).jvmArgs("-Xmx256m").start()) {
            jvm.demo("/start/busy");
            jvm.demo("/start/churn?bytesPerSecond=20000000");
            HttpResult cpu = jvm.agent().post("/profile?event=cpu&duration=2s&format=collapsed", null);
            assertEquals(200, cpu.status(), cpu.text());
            assertEquals("jfr", cpu.header("X-Profile-Engine"));
            assertEquals("jdk.ExecutionSample", cpu.header("X-Profile-Sampler"));
            assertTrue(cpu.header("X-Profile-Fallback").contains("did not load"), cpu.header("X-Profile-Fallback"));
            Collapsed.Stack top = Collapsed.parse(cpu.text()).heaviest();
            assertEquals(ProfileEndpointTest.HOT, top.deepest("io.opsagent.demo."), "the hot method tops the JFR cpu profile: " + top);

            HttpResult alloc = jvm.agent().post("/profile?event=alloc&duration=2s&format=collapsed", null);
            assertEquals(200, alloc.status(), alloc.text());
            ProfileEndpointTest.assertAllocatingMethodNamed(Collapsed.parse(alloc.text()), jdk.feature() >= 16);

            HttpResult html = jvm.agent().post("/profile?event=cpu&duration=2s&format=html", null);
            assertEquals(200, html.status(), html.text());
            ProfileEndpointTest.assertFlameGraphOpensCleanly(jvm, html.body(), true);

            HttpResult wall = jvm.agent().post("/profile?event=wall&duration=1s", null);
            assertEquals(501, wall.status(), "JFR has no wall-clock sampler here");
            assertTrue(wall.json().get("error").getAsString().contains("did not load"), wall.text());

            // leak sites without async-profiler's 'live': the suspect class's constructors, instrumented for the window
            jvm.demo("/start/leak?bytesPerSecond=400000&recordBytes=2000");
            HttpResult sites = jvm.agent().get("/leaks?sites=" + LeakSitesTest.LEAKED + "&duration=3s");
            assertEquals(200, sites.status(), sites.text());
            JsonObject report = sites.json().getAsJsonObject("allocationSites");
            LeakSitesTest.assertSitesNameTheDemosLine(report, "bytebuddy constructor sampling");
            assertTrue(report.get("note").getAsString().contains("did not load"), report.toString());
        } finally {
            Files.deleteIfExists(notALibrary);
        }
    }
}
