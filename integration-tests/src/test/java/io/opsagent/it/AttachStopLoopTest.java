package io.opsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opsagent.it.support.Cli;
import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.TargetJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Attach and stop, 20 rounds, in one JVM: nothing may pile up. The agent's classes are loaded once by
 * the system class loader and stay (they cannot be unloaded); some one-time effects come later (on
 * JDK 17, reflection inflates after 15 calls into generated accessors, each with its own
 * DelegatingClassLoader; the first GC notification loads the JMX open types). So round 10 is the
 * baseline, and from there to round 20 threads, sockets and class loaders must stay flat, and the
 * loaded classes nearly so.
 */
class AttachStopLoopTest {
    private static final int ROUNDS = 20;
    /** Classes that may appear late without a leak (JIT, reflection accessors, lazily used JDK code, a path first taken after the JVM's first minute: seen +22 on JDK 25). */
    private static final int CLASS_SLACK = 40;
    private static final int BASELINE_ROUND = 10;
    private static final Pattern COUNTER = Pattern.compile("(?m)^(java\\.cls\\.(?:loaded|unloaded)Classes)=(\\d+)");

    /** One target JVM per JDK, each on a port of its own (port=0): the JDKs' loops run side by side. */
    /**
     * Agent objects that may appear once between round 10 and 20 and stay: a class first used then (a code path the
     * leak analysis takes only after the JVM's first minute, say) makes its enum constants and static state once
     * (seen on JDK 25: 230 -> 233 with 22 more classes). Anything a round leaves behind grows by 10 or more.
     */
    private static final int OBJECT_SLACK = 5;

    @ParameterizedTest
    @MethodSource("io.opsagent.it.support.Jdks#each")
    @Execution(ExecutionMode.CONCURRENT)
    void attachStopLoopLeavesNothingBehind(Jdks.Jdk jdk) throws Exception {
        // the flag (JEP 451's, silencing the warning of 21+) is unknown to Java 8
        String[] flags = jdk.feature() >= 9 ? new String[] {"-Xmx64m", "-XX:+EnableDynamicAgentLoading"} : new String[] {"-Xmx64m"};
        try (TargetJvm jvm = TargetJvm.demo(jdk).jvmArgs(flags).start()) {
            String pid = Long.toString(jvm.pid());
            String args = "port=0,data.dir=" + jvm.dir().resolve("data");
            Snapshot base = null;
            List<String> urls = new ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
                Cli.Run attach = Cli.run(jdk, "attach", pid, args).expect(0);
                assertEquals(200, attach.client().get("/health/live").status(), "round " + round);
                urls.add(attach.endpoint());
                Cli.run(jdk, "stop", pid).expect(0);
                awaitNoAgentThreads(jvm, round);
                if (round == BASELINE_ROUND) {
                    base = Snapshot.of(jvm);
                }
            }
            Snapshot end = Snapshot.of(jvm);
            for (String url : urls) {
                assertFalse(AttachCliTest.portOpen(url), url + " still open after " + ROUNDS + " rounds");
            }
            assertEquals(base.sockets, end.sockets, "socket descriptors after round " + BASELINE_ROUND + ": " + base + ", after " + ROUNDS + ": " + end);
            assertEquals(base.threads, end.threads, "threads after round " + BASELINE_ROUND + ": " + base + ", after " + ROUNDS + ": " + end);
            assertEquals(base.classLoaders, end.classLoaders, "class loaders: " + base + " -> " + end);
            assertTrue(end.agentObjects - base.agentObjects <= OBJECT_SLACK, "live agent objects: " + base + " -> " + end);
            assertTrue(end.classes - base.classes <= CLASS_SLACK, "loaded classes grew from " + base + " to " + end);
            assertTrue(jvm.demo("/status").length() > 0, "the application ran on through all rounds");
            System.out.println(jdk + ": after round " + BASELINE_ROUND + " " + base + ", after round " + ROUNDS + " " + end);
        }
    }

    private static void awaitNoAgentThreads(TargetJvm jvm, int round) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        String dump = "";
        while (System.nanoTime() < deadline) {
            dump = jvm.tool("jcmd", Long.toString(jvm.pid()), "Thread.print");
            if (!dump.contains("\"opsagent-")) {
                return;
            }
            TargetJvm.sleep(100);
        }
        throw new AssertionError("opsagent threads left after stop in round " + round + ":\n" + dump);
    }

    /** What must not grow: live threads, socket descriptors, class loaders, classes loaded minus unloaded. */
    record Snapshot(long threads, long sockets, long classLoaders, long classes, long agentObjects) {
        static Snapshot of(TargetJvm jvm) throws IOException {
            String pid = Long.toString(jvm.pid());
            jvm.tool("jcmd", pid, "GC.run");
            long threads = jvm.tool("jcmd", pid, "Thread.print").lines().filter(l -> l.startsWith("\"")).count();
            // Not counted: the JDK's reflection inflation gives each generated accessor a DelegatingClassLoader of its
            // own after 15 calls of a method; on Java 8 some appear between round 10 and 20 (seen: 3 loaders, 3 classes)
            long loaders = jvm.tool("jcmd", pid, "VM.classloader_stats").lines()
                    .filter(l -> l.matches("^0x\\p{XDigit}+\\s.*") && !l.endsWith("DelegatingClassLoader")).count();
            String counters = jvm.tool("jcmd", pid, "PerfCounter.print");
            long loaded = 0;
            long unloaded = 0;
            Matcher m = COUNTER.matcher(counters);
            while (m.find()) {
                if (m.group(1).endsWith("unloadedClasses")) {
                    unloaded = Long.parseLong(m.group(2));
                } else {
                    loaded = Long.parseLong(m.group(2));
                }
            }
            long sockets;
            try (Stream<Path> fds = Files.list(Path.of("/proc", pid, "fd"))) {
                sockets = fds.filter(f -> {
                    try {
                        return Files.readSymbolicLink(f).toString().startsWith("socket:");
                    } catch (IOException e) {
                        return false;
                    }
                }).count();
            }
            return new Snapshot(threads, sockets, loaders, loaded - unloaded, agentObjects(jvm.tool("jcmd", pid, "GC.class_histogram")));
        }

        /** Live instances of the agent's own classes (the histogram runs a full GC first): a listener or hook left registered keeps some. */
        private static long agentObjects(String histogram) {
            long n = 0;
            for (String line : histogram.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 4 && f[3].startsWith("io.opsagent.")) {
                    n += Long.parseLong(f[1]);
                }
            }
            return n;
        }
    }
}
