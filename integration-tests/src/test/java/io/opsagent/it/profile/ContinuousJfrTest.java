package io.opsagent.it.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.opsagent.it.support.HttpResult;
import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.TargetJvm;
import io.opsagent.it.support.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A JVM set up for JFR only: {@code jfr.continuous=true} is listed, downloadable on request and dumped
 * beside the automatic heap dump; {@code profile.engine=jfr} profiles without loading async-profiler.
 */
class ContinuousJfrTest {
    @Test
    void theContinuousRecordingIsDumpedBesideTheAutomaticHeapDump() throws Exception {
        Jdks.Jdk jdk = Jdks.current();
        try (TargetJvm jvm = TargetJvm.demo(jdk).jvmArgs("-Xmx128m")
                .agentArgs("port=0,profile.engine=jfr,jfr.continuous=true,jfr.maxage=2m,jfr.maxsize=20m,heapdump.auto.threshold=0.5,heapdump.auto.max=1").start()) {
            jvm.demo("/start/busy");
            JsonObject list = jvm.agent().get("/jfr").json();
            assertTrue(list.toString().contains("\"id\":\"continuous\"") && list.toString().contains("running"), list.toString());
            Path now = jvm.dir().resolve("continuous.jfr");
            HttpResult r = jvm.agent().download("/jfr/continuous", now);
            assertEquals(200, r.status());
            assertTrue(Tools.run(jdk.tool("jfr"), "summary", now.toString()).contains("jdk.GarbageCollection"), "default settings record GCs");

            HttpResult cpu = jvm.agent().post("/profile?event=cpu&duration=2s&format=jfr", null);
            assertEquals(200, cpu.status(), cpu.text());
            assertEquals("jfr", cpu.header("X-Profile-Engine"));
            assertNull(cpu.header("X-Profile-Fallback"), "chosen, not a fallback");
            Path profile = jvm.dir().resolve("jfr-engine.jfr");
            Files.write(profile, cpu.body());
            ProfileEndpointTest.assertReadByJfrTool(jdk, profile, "BusyScenario");
            assertFalse(ProfileEndpointTest.nativeLibraryMapped(jvm), "profile.engine=jfr loads nothing of async-profiler");

            jvm.demo("/start/fill?percent=75");
            jvm.tool("jcmd", Long.toString(jvm.pid()), "GC.run");
            Path dumps = jvm.dir().resolve("data/heapdumps");
            long deadline = System.nanoTime() + 60_000_000_000L;
            Path beside = null;
            while (beside == null && System.nanoTime() < deadline) {
                TargetJvm.sleep(200);
                try (Stream<Path> s = Files.list(dumps)) {
                    beside = s.filter(p -> p.getFileName().toString().endsWith(".threshold.jfr")).findFirst().orElse(null);
                }
            }
            assertTrue(beside != null, "a .jfr beside the threshold dump; /heapdumps: " + jvm.agent().get("/heapdumps").text());
            try (Stream<Path> s = Files.list(dumps)) {
                String hprof = beside.getFileName().toString().replace(".jfr", ".hprof");
                assertTrue(s.anyMatch(p -> p.getFileName().toString().equals(hprof)), "named after its heap dump");
            }
            String summary = Tools.run(jdk.tool("jfr"), "summary", beside.toString());
            assertTrue(summary.contains("jdk.ExecutionSample"), summary);
        }
    }
}
