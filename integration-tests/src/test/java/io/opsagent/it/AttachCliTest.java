package io.opsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.opsagent.it.support.AgentClient;
import io.opsagent.it.support.Cli;
import io.opsagent.it.support.HttpResult;
import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.TargetJvm;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code java -jar opsagent.jar attach/list/stop} against demo-target started without the agent, over real HTTP. */
class AttachCliTest {
    /** One target JVM per JDK, ports chosen by the kernel: the JDKs run side by side. */
    @ParameterizedTest
    @MethodSource("io.opsagent.it.support.Jdks#each")
    @Execution(ExecutionMode.CONCURRENT)
    void attachServesTheEndpointAndStopLeavesTheApplicationRunning(Jdks.Jdk jdk) throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(jdk).start()) {
            String pid = Long.toString(jvm.pid());
            String dataDir = jvm.dir().resolve("data").toString();
            Cli.Run attach = Cli.run(jdk, "attach", pid, "port=0,data.dir=" + dataDir).expect(0);
            assertTrue(attach.output().contains("attached to JVM " + pid + " (Java " + jdk.feature() + ")"), attach.toString());
            assertTrue(attach.tokenFile().startsWith(dataDir), attach.toString());
            AgentClient agent = attach.client();
            HttpResult live = agent.get("/health/live");
            assertEquals(200, live.status(), live.text());
            HttpResult info = agent.get("/info");
            assertEquals(200, info.status(), info.text());
            assertEquals(jvm.pid(), info.json().get("pid").getAsLong());
            assertEquals("attach", info.json().get("attached").getAsString(), info.text());
            assertEquals(401, agent.withToken(null).get("/info").status(), "attach does not weaken the token rules");

            Cli.Run again = Cli.run(jdk, "attach", pid).expect(0);
            assertTrue(again.output().contains("already runs in JVM " + pid + "; nothing new started"), again.toString());
            assertEquals(attach.endpoint(), again.endpoint());
            jvm.awaitOutput(s -> s.split("endpoint at", -1).length == 2, 5);

            Cli.Run list = Cli.run(jdk, "list").expect(0);
            assertTrue(list.output().lines().anyMatch(l -> l.startsWith(pid + " ") && l.contains(attach.endpoint()) && l.contains("demo-target")),
                    list.toString());

            Cli.Run stop = Cli.run(jdk, "stop", pid).expect(0);
            assertTrue(stop.output().contains("stopped the agent in JVM " + pid), stop.toString());
            assertFalse(portOpen(attach.endpoint()), "the agent's port is closed after stop");
            assertFalse(Files.exists(Path.of(System.getProperty("java.io.tmpdir"), "opsagent-" + pid + ".json")), "discovery file removed");
            assertTrue(jvm.demo("/status").length() > 0, "the application runs on");
            assertTrue(jvm.process().isAlive());
            Cli.run(jdk, "stop", pid).expect(11);

            Cli.Run reattach = Cli.run(jdk, "attach", pid, "port=0,data.dir=" + dataDir).expect(0);
            assertEquals(200, reattach.client().get("/health/live").status(), "a later attach starts it again");
            assertNotEquals(attach.endpoint(), reattach.endpoint());
        }
    }

    @Test
    void onJava21AndLaterTheCliMentionsTheDynamicAgentWarningOnce() throws Exception {
        Jdks.Jdk newest = Jdks.newest();
        assumeTrue(newest.feature() >= 21, "JEP 451 applies from Java 21; the newest JDK here is " + newest.feature());
        try (TargetJvm jvm = TargetJvm.demo(newest).start()) {
            Cli.Run attach = Cli.run(Jdks.current(), "attach", Long.toString(jvm.pid()), "port=0,data.dir=" + jvm.dir().resolve("data")).expect(0);
            assertEquals(2, attach.output().split("JEP 451", -1).length, "mentioned exactly once: " + attach);
            assertTrue(attach.output().contains("-XX:+EnableDynamicAgentLoading"), attach.toString());
            jvm.awaitOutput(s -> s.contains("WARNING: A Java agent has been loaded dynamically"), 10);
        }
        try (TargetJvm jvm = TargetJvm.demo(newest).jvmArgs("-XX:+EnableDynamicAgentLoading").start()) {
            Cli.Run attach = Cli.run(Jdks.current(), "attach", Long.toString(jvm.pid()), "port=0,data.dir=" + jvm.dir().resolve("data")).expect(0);
            assertFalse(attach.output().contains("JEP 451"), "no note when the target allows dynamic agents: " + attach);
            jvm.awaitOutput(s -> s.contains("[opsagent] endpoint at"), 10);
            assertFalse(jvm.output().contains("loaded dynamically"), jvm.output());
        }
    }

    @Test
    void secondAttachWithOptionsAppliesThemToTheRunningAgent() throws Exception {
        Jdks.Jdk jdk = Jdks.current();
        try (TargetJvm jvm = TargetJvm.demo(jdk).start()) {
            String pid = Long.toString(jvm.pid());
            Cli.Run attach = Cli.run(jdk, "attach", pid, "port=0,data.dir=" + jvm.dir().resolve("data")).expect(0);
            assertEquals(200, attach.client().withToken(null).get("/selftest").status());
            Cli.Run again = Cli.run(jdk, "attach", pid, "selftest.status=503").expect(0);
            assertTrue(again.output().contains("nothing new started"), again.toString());
            assertEquals(attach.endpoint(), again.endpoint());
            assertEquals(503, attach.client().withToken(null).get("/selftest").status(), "the new option is live");
        }
    }

    static boolean portOpen(String url) {
        URI u = URI.create(url);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(u.getHost(), u.getPort()), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
