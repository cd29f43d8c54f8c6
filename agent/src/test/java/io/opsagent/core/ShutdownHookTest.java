package io.opsagent.core;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A launch stuck while holding the launch lock must not stall the JVM's exit. */
class ShutdownHookTest {
    @TempDir
    Path dir;

    @Test
    void theHookFinishesWhileALaunchHoldsTheLock() throws Exception {
        AgentRuntime.launch("port=0,data.dir=" + dir.resolve("data"), null, "test");
        RunningAgent running = AgentRuntime.current();
        assertNotNull(running, "the agent started");
        final CountDownLatch locked = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        Thread stuckLaunch = new Thread(() -> {
            synchronized (AgentRuntime.class) {
                locked.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "stuck-launch");
        stuckLaunch.setDaemon(true);
        stuckLaunch.start();
        try {
            assertTrue(locked.await(5, TimeUnit.SECONDS));
            Thread hook = new Thread(running.shutdownHook());
            hook.setDaemon(true);
            hook.start();
            hook.join(10_000);
            assertTrue(!hook.isAlive(), "the hook is blocked while a launch holds the lock");
            assertNull(AgentRuntime.current(), "the hook cleared the running agent");
        } finally {
            release.countDown();
            stuckLaunch.join(5_000);
            AgentRuntime.stop();
        }
    }
}
