package io.opsagent.it.heap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.opsagent.it.support.AgentClient;
import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.TargetJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The threshold rule against a demo that fills its heap: one dump per crossing (hysteresis), none
 * within the cooldown, never more than heapdump.auto.max.
 */
class HeapDumpAutoTest {
    private static final long COOLDOWN_MILLIS = 6000;

    private static JsonObject list(AgentClient agent) {
        return agent.get("/heapdumps").json();
    }

    private static int taken(AgentClient agent) {
        return list(agent).getAsJsonObject("automatic").get("taken").getAsInt();
    }

    private static boolean armed(AgentClient agent) {
        return list(agent).getAsJsonObject("automatic").get("armed").getAsBoolean();
    }

    private static int readyThresholdDumps(AgentClient agent) {
        int n = 0;
        for (var e : list(agent).getAsJsonArray("dumps")) {
            JsonObject d = e.getAsJsonObject();
            n += d.get("trigger").getAsString().equals("threshold") && d.get("status").getAsString().equals("ready") ? 1 : 0;
        }
        return n;
    }

    private static void await(java.util.function.BooleanSupplier cond, int seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }

    private static void gc(TargetJvm jvm) {
        jvm.tool("jcmd", Long.toString(jvm.pid()), "GC.run");
    }

    @Test
    void thresholdFiresOncePerCrossingAndRespectsCooldownAndMax() throws Exception {
        String args = "port=0,heapdump.auto.threshold=0.6,heapdump.auto.cooldown=" + COOLDOWN_MILLIS / 1000 + "s,heapdump.auto.max=2,heapdump.keep=5";
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).jvmArgs("-Xmx128m").agentArgs(args).start()) {
            AgentClient agent = jvm.agent();
            assertEquals(0, taken(agent));
            jvm.demo("/start/fill?percent=75");
            await(() -> readyThresholdDumps(agent) == 1, 60, "the first threshold dump is ready");
            long firstDump = System.nanoTime();
            Path dump = HeapDumpStreamTest.heapDir(jvm).resolve(HprofFiles.names(HeapDumpStreamTest.heapDir(jvm)).get(0));
            assertTrue(HprofFiles.instancesOf(dump, HprofFiles.LEAKED) > 0, "the automatic dump holds the demo's objects");

            gc(jvm);
            gc(jvm);
            Thread.sleep(500);
            assertEquals(1, taken(agent), "still above the threshold: no second dump without falling below first");

            jvm.demo("/stop/fill");
            gc(jvm);
            await(() -> armed(agent), 20, "the rule re-arms below the threshold");
            jvm.demo("/start/fill?percent=75");
            Thread.sleep(500);
            long sinceFirst = (System.nanoTime() - firstDump) / 1_000_000;
            assertTrue(sinceFirst < COOLDOWN_MILLIS, "the test was too slow to check the cooldown (" + sinceFirst + " ms)");
            assertEquals(1, taken(agent), "within the cooldown: no dump");

            Thread.sleep(Math.max(0, COOLDOWN_MILLIS - (System.nanoTime() - firstDump) / 1_000_000) + 200);
            gc(jvm);
            await(() -> readyThresholdDumps(agent) == 2, 60, "the second threshold dump after the cooldown");

            jvm.demo("/stop/fill");
            gc(jvm);
            await(() -> armed(agent), 20, "the rule re-arms again");
            Thread.sleep(COOLDOWN_MILLIS + 200);
            jvm.demo("/start/fill?percent=75");
            gc(jvm);
            Thread.sleep(1000);
            assertEquals(2, taken(agent), "heapdump.auto.max=2");
            assertEquals(2, readyThresholdDumps(agent));
            String audit = Files.readString(jvm.dir().resolve("data").resolve("audit.log"));
            assertTrue(audit.contains("\"client\":\"agent\"") && audit.contains("heap dump (threshold"), audit);
        }
    }

    /** Shenandoah fails allocations in a small heap filled to 75% (the demo gets OutOfMemoryError), so it gets more room. */
    static Stream<Arguments> collectors() {
        return Stream.of(Arguments.of(Jdks.current(), "-XX:+UseSerialGC", "128m", 75), Arguments.of(Jdks.current(), "-XX:+UseParallelGC", "128m", 75),
                Arguments.of(Jdks.current(), "-XX:+UseZGC", "128m", 75), Arguments.of(Jdks.current(), "-XX:+UseShenandoahGC", "256m", 60),
                Arguments.of(Jdks.newest(), "-XX:+UseZGC", "128m", 75));
    }

    /** Old-gen pools and cleaning collections are recognised for each collector (G1 is covered above). */
    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("collectors")
    void thresholdFiresWithEachCollector(Jdks.Jdk jdk, String collector, String heap, int percent) throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(jdk).jvmArgs("-Xmx" + heap, collector)
                .agentArgs("port=0,heapdump.auto.threshold=0.5,heapdump.auto.max=1").start()) {
            AgentClient agent = jvm.agent();
            jvm.demo("/start/fill?percent=" + percent);
            gc(jvm);
            await(() -> readyThresholdDumps(agent) == 1, 60, "a threshold dump with " + collector + "; /gc: " + agent.get("/gc?last=5").text());
        }
    }
}
