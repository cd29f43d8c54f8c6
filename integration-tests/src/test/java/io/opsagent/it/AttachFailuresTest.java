package io.opsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.opsagent.it.support.Cli;
import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.TargetJvm;
import io.opsagent.it.support.Tools;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every failure the issue names that can be produced on this machine: its one-line message and its exit code. */
class AttachFailuresTest {
    @TempDir
    static Path images;

    @Test
    void usageErrorsExitWith2() {
        Jdks.Jdk jdk = Jdks.current();
        assertTrue(Cli.run(jdk, "attach").expect(2).output().contains("attach needs a pid"));
        assertTrue(Cli.run(jdk, "attach", "abc").expect(2).output().contains("'abc' is not a pid"));
        assertTrue(Cli.run(jdk, "frobnicate").expect(2).output().contains("unknown command 'frobnicate'"));
        assertTrue(Cli.run(jdk, "attach", "1", "port=1", "port=2").expect(2).output().contains("as one word"));
        assertTrue(Cli.run(jdk, "attach", "1", "stop").expect(2).output().contains("opsagent.jar stop <pid>"));
        assertTrue(Cli.run(jdk, "attach", "1", "port").expect(2).output().contains("key=value"));
        assertTrue(Cli.run(jdk, "attach", "1", "--wait=0").expect(2).output().contains("--wait"));
        assertTrue(Cli.run(jdk, "help").expect(0).output().contains("Exit codes"));
        assertTrue(Cli.run(jdk, "version").expect(0).output().startsWith("opsagent "));
    }

    @Test
    void noSuchProcessExitsWith3() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Cli.Run r = Cli.run(Jdks.current(), "attach", Long.toString(gone.pid())).expect(3);
        assertTrue(r.output().contains("no process with pid " + gone.pid() + "; check the pid"), r.toString());
        assertEquals(1, r.output().strip().lines().count(), "one line: " + r);
    }

    @Test
    void aProcessThatIsNotAJvmIsLeftAloneAndExitsWith4() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            Cli.Run r = Cli.run(Jdks.current(), "attach", Long.toString(sleep.pid())).expect(4);
            assertTrue(r.output().contains("(sleep) is not a Java virtual machine"), r.toString());
            Thread.sleep(300);
            assertTrue(sleep.isAlive(), "no SIGQUIT was sent: a process that is not a JVM would die of it");
        } finally {
            sleep.destroyForcibly();
        }
    }

    @Test
    void aJvmOfAnotherUserExitsWith5() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "needs root and setpriv to run the CLI as user nobody");
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).start()) {
            Cli.Run r = Cli.runWith(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"),
                    Jdks.current().java(), "attach", Long.toString(jvm.pid())).expect(5);
            assertTrue(r.output().contains("belongs to user root, not to you; only its owner (or root) can attach"), r.toString());
        }
    }

    @Test
    void attachDisabledExitsWith6() throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).jvmArgs("-XX:+DisableAttachMechanism").start()) {
            Cli.Run r = Cli.run(Jdks.current(), "attach", Long.toString(jvm.pid())).expect(6);
            assertTrue(r.output().contains("does not allow attaching (it runs with -XX:+DisableAttachMechanism); restart it without that flag"),
                    r.toString());
            assertFalse(jvm.output().contains("Full thread dump"), "no SIGQUIT thread dump in the target: " + jvm.output());
        }
    }

    @Test
    void aJavaWithoutAttachApiExitsWith7() throws Exception {
        Path jre = jlink("no-attach", "java.base,java.logging,java.management,java.instrument,java.sql");
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).start()) {
            Cli.Run r = Cli.runWith(List.of(), jre.resolve("bin/java"), "attach", Long.toString(jvm.pid())).expect(7);
            assertTrue(r.output().contains("has no attach API: it lacks the jdk.attach module (a JRE or a jlinked image); install the full JDK"),
                    r.toString());
            assertTrue(r.output().contains("jlink --add-modules jdk.attach"), r.toString());
        }
    }

    @Test
    void aTargetWithoutJavaInstrumentExitsWith8() throws Exception {
        Path jre = jlink("no-instrument", "java.base,java.logging,java.management,jdk.httpserver");
        try (TargetJvm jvm = TargetJvm.demo(new Jdks.Jdk(jre, Jdks.current().feature())).start()) {
            Cli.Run r = Cli.run(Jdks.current(), "attach", Long.toString(jvm.pid())).expect(8);
            assertTrue(r.output().contains("could not load the agent (AgentLoadException"), r.toString());
            assertTrue(r.output().contains("java.instrument"), r.toString());
            assertTrue(jvm.process().isAlive(), "the application runs on");
        }
    }

    @Test
    void aTargetThatRefusesDynamicAgentsExitsWith8() throws Exception {
        Jdks.Jdk newest = Jdks.newest();
        assumeTrue(newest.feature() >= 21, "-XX:-EnableDynamicAgentLoading exists from Java 21; newest JDK here: " + newest.feature());
        try (TargetJvm jvm = TargetJvm.demo(newest).jvmArgs("-XX:-EnableDynamicAgentLoading").start()) {
            Cli.Run r = Cli.run(Jdks.current(), "attach", Long.toString(jvm.pid())).expect(8);
            assertTrue(r.output().contains("refuses dynamically loaded agents (-XX:-EnableDynamicAgentLoading); restart it with -XX:+EnableDynamicAgentLoading"),
                    r.toString());
        }
    }

    @Test
    void aTakenPortExitsWith9AndALaterAttachWorks() throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).start();
                ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String pid = Long.toString(jvm.pid());
            String data = "data.dir=" + jvm.dir().resolve("data");
            Cli.Run r = Cli.run(Jdks.current(), "attach", pid, "port=" + taken.getLocalPort() + "," + data).expect(9);
            assertTrue(r.output().contains("did not start: port " + taken.getLocalPort() + " on 127.0.0.1 is taken"), r.toString());
            assertTrue(r.output().contains("port=0 for any free one"), r.toString());
            assertTrue(jvm.output().contains("[opsagent] not started: port " + taken.getLocalPort()), jvm.output());
            Cli.Run ok = Cli.run(Jdks.current(), "attach", pid, "port=0," + data).expect(0);
            assertEquals(200, ok.client().get("/health/live").status());
        }
    }

    @Test
    void aBadOptionExitsWith10WithTheKeyAndWhy() throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).start()) {
            Cli.Run r = Cli.run(Jdks.current(), "attach", Long.toString(jvm.pid()), "port=99999").expect(10);
            assertTrue(r.output().contains("did not start: bad configuration: port: bad value '99999'"), r.toString());
            assertEquals(1, r.output().strip().lines().count(), "one line: " + r);
            assertTrue(jvm.process().isAlive());
        }
    }

    @Test
    void stopWithoutARunningAgentExitsWith11() throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).start()) {
            Cli.Run r = Cli.run(Jdks.current(), "stop", Long.toString(jvm.pid())).expect(11);
            assertTrue(r.output().contains("no agent is running in JVM " + jvm.pid()), r.toString());
            assertFalse(jvm.output().contains("[opsagent]"), "nothing was loaded into the JVM: " + jvm.output());
        }
    }

    private static synchronized Path jlink(String name, String modules) {
        Path out = images.resolve(name);
        if (!Files.isDirectory(out)) {
            Tools.run(Jdks.current().tool("jlink"), "--add-modules", modules, "--output", out.toString(),
                    "--no-header-files", "--no-man-pages", "--strip-debug");
        }
        return out;
    }
}
