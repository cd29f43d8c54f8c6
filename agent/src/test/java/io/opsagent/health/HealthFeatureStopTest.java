package io.opsagent.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opsagent.core.AgentRuntime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start and stop in a loop: the health threads must not outlive the agent, nor pile up. */
class HealthFeatureStopTest {
    @TempDir
    Path dir;

    @Test
    void startStopLoopLeavesNoHealthThreads() throws Exception {
        for (int i = 0; i < 3; i++) {
            AgentRuntime.launch("port=0,data.dir=" + dir.resolve("d" + i) + ",health.interval=1s,health.timeout=500ms,"
                    + "check.t.type=threads,check.h.type=heap", null, "test");
            assertTrue(awaitThreads(true), "the checks ran on health threads");
            AgentRuntime.stop();
            assertTrue(awaitThreads(false), "health threads left after stop: " + healthThreads());
        }
        assertEquals(new ArrayList<String>(), healthThreads());
    }

    private static boolean awaitThreads(boolean present) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (healthThreads().isEmpty() != present) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private static List<String> healthThreads() {
        List<String> out = new ArrayList<String>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("opsagent-health") && t.isAlive()) {
                out.add(t.getName());
            }
        }
        return out;
    }
}
