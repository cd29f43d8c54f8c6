package io.opsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.opsagent.it.support.Artifacts;
import io.opsagent.it.support.Cli;
import io.opsagent.it.support.HttpResult;
import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.TargetJvm;
import io.opsagent.it.support.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A target in its own mount and pid namespaces with a private /tmp, as a container would run it (made here with
 * {@code unshare}, no Docker needed): attached, listed, used through {@code shell} and stopped from the host by
 * its host pid. Its discovery file is its own /tmp's, named by the pid it sees, and read through
 * /proc/&lt;pid&gt;/root. Java 8's attach API cannot reach into such namespaces: its CLI says so and what to use.
 */
class NamespaceAttachTest {
    /** A target on the oldest and on the newest JDK found. */
    static Stream<Jdks.Jdk> targets() {
        return Stream.of(Jdks.all().get(0), Jdks.newest()).distinct();
    }

    @ParameterizedTest
    @MethodSource("targets")
    void aTargetInItsOwnNamespacesIsAttachedListedUsedAndStoppedByItsHostPid(Jdks.Jdk target) throws Exception {
        String why = whyNoNamespaces();
        assumeTrue(why == null, why);
        Jdks.Jdk cli = Jdks.current();
        try (Contained jvm = Contained.start(target)) {
            long pid = jvm.hostPid;
            assertNotEquals(pid, jvm.pidInside, "the target sees another pid than the host");
            Cli.Run attach = Cli.run(cli, "attach", Long.toString(pid), "port=0").expect(0);
            assertTrue(attach.output().contains("attached to JVM " + pid + " (Java " + target.feature() + ")"), attach.toString());
            Path root = Path.of("/proc", Long.toString(pid), "root");
            assertTrue(attach.tokenFile().startsWith(root.resolve("tmp")), "token file read through the target's own /tmp: " + attach);
            assertTrue(Files.exists(root.resolve("tmp/opsagent-" + jvm.pidInside + ".json")), "discovery file in its private /tmp");
            assertFalse(Files.exists(Path.of("/tmp/opsagent-" + jvm.pidInside + ".json")), "nothing in the host's /tmp under its inner pid");
            HttpResult info = attach.client().get("/info");
            assertEquals(200, info.status(), info.text());
            assertEquals(jvm.pidInside, info.json().get("pid").getAsLong(), "the agent reports the pid it sees");

            Cli.Run list = Cli.run(cli, "list").expect(0);
            assertTrue(list.output().lines().anyMatch(l -> l.startsWith(pid + " ") && l.contains(attach.endpoint())), list.toString());

            ShellConsoleTest.Run shell = ShellConsoleTest.shell("memory\nquit\n", Long.toString(pid));
            assertEquals(0, shell.exit(), shell.err());
            assertTrue(shell.out().contains("heap"), shell.out());

            if (Jdks.feature(8).isPresent()) {
                Cli.Run old = Cli.run(Jdks.feature(8).get(), "attach", Long.toString(pid)).expect(7);
                assertTrue(old.output().contains("Java 8's attach API cannot reach JVM " + pid) && old.output().contains("Java 11 or newer"), old.toString());
            }

            Cli.run(cli, "stop", Long.toString(pid)).expect(0);
            assertFalse(Files.exists(root.resolve("tmp/opsagent-" + jvm.pidInside + ".json")), "discovery file removed on stop");
            Cli.run(cli, "attach", Long.toString(pid), "port=0").expect(0).client().get("/health/live");
            Cli.run(cli, "stop", Long.toString(pid)).expect(0);
        }
    }

    /** Null when this machine can make the namespaces; else why not. */
    static String whyNoNamespaces() {
        Tools.Result r = Tools.exec(20, "unshare", "--mount", "--pid", "--fork", "--mount-proc", "--propagation", "private",
                "sh", "-c", "mount -t tmpfs tmpfs /tmp && echo ns-ok");
        return r.exit() == 0 && r.output().contains("ns-ok") ? null
                : "cannot make mount and pid namespaces here (needs root or user namespaces; unshare exited " + r.exit() + ": "
                        + r.output().trim() + ")";
    }

    /** demo-target under unshare: a shell as the namespace's init, java its child, /tmp a private tmpfs. */
    static final class Contained implements AutoCloseable {
        final Process unshare;
        final long hostPid;
        final long pidInside;
        final long initPid;

        private Contained(Process unshare, long hostPid, long pidInside, long initPid) {
            this.unshare = unshare;
            this.hostPid = hostPid;
            this.pidInside = pidInside;
            this.initPid = initPid;
        }

        static Contained start(Jdks.Jdk jdk) throws IOException, InterruptedException {
            String marker = "-Dopsagent.it.ns=" + UUID.randomUUID();
            Path out = Files.createTempFile("opsagent-ns-", ".txt");
            // the private /tmp hides whatever lives under the host's /tmp (a checkout there, say): the jar goes elsewhere
            Path outsideTmp = Files.createDirectories(Path.of("/var/tmp/opsagent-ns-it"));
            Path demo = Files.copy(Artifacts.demoJar(), outsideTmp.resolve("demo-target-" + UUID.randomUUID() + ".jar"));
            demo.toFile().deleteOnExit();
            Process p = new ProcessBuilder("unshare", "--mount", "--pid", "--fork", "--mount-proc", "--propagation", "private",
                    "sh", "-c", "mount -t tmpfs tmpfs /tmp && " + jdk.java() + " " + marker + " -jar " + demo + "; true")
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                Long pid = findJava(jdk, marker);
                if (pid != null && Files.readString(out).contains("DEMO_PID=")) {
                    List<String> ns = nsPids(pid);
                    return new Contained(p, pid, Long.parseLong(ns.get(ns.size() - 1)), parent(pid));
                }
                if (!p.isAlive()) {
                    break;
                }
                TargetJvm.sleep(100);
            }
            p.destroyForcibly();
            throw new AssertionError("the contained target did not start:\n" + Files.readString(out));
        }

        private static Long findJava(Jdks.Jdk jdk, String marker) throws IOException {
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                for (Path d : procs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                    try {
                        String cmd = new String(Files.readAllBytes(d.resolve("cmdline")), StandardCharsets.UTF_8);
                        if (cmd.startsWith(jdk.java() + "\0") && cmd.contains(marker)) {
                            return Long.parseLong(d.getFileName().toString());
                        }
                    } catch (IOException gone) {
                        // exited meanwhile
                    }
                }
            }
            return null;
        }

        private static List<String> nsPids(long pid) throws IOException {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream().filter(l -> l.startsWith("NSpid:"))
                    .map(l -> List.of(l.substring(6).trim().split("\\s+"))).findFirst().orElseThrow();
        }

        private static long parent(long pid) throws IOException {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream().filter(l -> l.startsWith("PPid:"))
                    .map(l -> Long.parseLong(l.substring(5).trim())).findFirst().orElseThrow();
        }

        @Override
        public void close() throws Exception {
            // killing the namespace's init ends every process in it
            ProcessHandle.of(initPid).ifPresent(ProcessHandle::destroyForcibly);
            unshare.destroyForcibly();
            unshare.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
