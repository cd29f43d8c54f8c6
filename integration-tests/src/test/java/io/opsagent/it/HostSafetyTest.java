package io.opsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opsagent.it.probe.HostProbe;
import io.opsagent.it.probe.RecordingLogManager;
import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.TargetJvm;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The agent never harms its host: failures are one line and the application runs on; no JUL, thread or exit side effects. */
class HostSafetyTest {
    @ParameterizedTest
    @MethodSource("io.opsagent.it.support.Jdks#each")
    void portTakenIsOneLineAndTheApplicationRunsOn(Jdks.Jdk jdk) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             TargetJvm jvm = TargetJvm.demo(jdk).agentArgs("port=" + taken.getLocalPort()).start()) {
            List<String> lines = agentLines(jvm.output());
            assertEquals(1, lines.size(), "exactly one [opsagent] line: " + lines);
            assertTrue(lines.get(0).contains("not started") && lines.get(0).contains("port " + taken.getLocalPort() + " on 127.0.0.1 is taken"),
                    lines.get(0));
            assertTrue(jvm.process().isAlive());
            assertTrue(jvm.demo("/status").startsWith("running="), "the demo still serves");
        }
    }

    @ParameterizedTest
    @MethodSource("io.opsagent.it.support.Jdks#each")
    void badOptionIsOneLineNamingTheKeyAndTheApplicationRunsOn(Jdks.Jdk jdk) throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(jdk).agentArgs("port=0,rate.limit=fast").start()) {
            List<String> lines = agentLines(jvm.output());
            assertEquals(1, lines.size(), "exactly one [opsagent] line: " + lines);
            assertTrue(lines.get(0).contains("rate.limit") && lines.get(0).contains("20/s"), lines.get(0));
            assertTrue(jvm.demo("/status").startsWith("running="), "the demo still serves");
        }
    }

    @ParameterizedTest
    @MethodSource("io.opsagent.it.support.Jdks#each")
    void julThreadsAndExitAreLeftToTheHost(Jdks.Jdk jdk) throws Exception {
        try (TargetJvm jvm = TargetJvm.probe(jdk, HostProbe.class).agentArgs("port=0")
                .jvmArgs("-Djava.util.logging.manager=" + RecordingLogManager.class.getName()).start()) {
            assertTrue(jvm.process().waitFor(20, TimeUnit.SECONDS), "the JVM must exit by itself when main returns:\n" + jvm.output());
            assertEquals(0, jvm.process().exitValue(), jvm.output());
            String out = jvm.output();
            assertTrue(out.contains("PROBE agent url=http://127.0.0.1:"), out);
            String julThread = line(out, "PROBE jul initialised on=");
            assertTrue(julThread.startsWith("opsagent-"), "JUL must be first touched on an agent thread, never the application's: " + julThread);
            assertEquals("level=INFO handlers=java.util.logging.ConsoleHandler", line(out, "PROBE root "), "the root logger is unchanged");
            List<String> threads = Arrays.stream(out.split("\n")).filter(l -> l.startsWith("PROBE thread ")).collect(Collectors.toList());
            for (String t : threads) {
                assertFalse(t.contains("NanoHttpd"), "NanoHTTPD's own thread names must not appear: " + t);
                if (t.contains("name=opsagent")) {
                    assertTrue(t.endsWith("daemon=true"), "agent threads are daemons: " + t);
                }
            }
            assertTrue(threads.stream().anyMatch(t -> t.contains("name=opsagent-http-listener")), threads.toString());
            Path discovery = Path.of(System.getProperty("java.io.tmpdir"), "opsagent-" + jvm.pid() + ".json");
            assertFalse(Files.exists(discovery), "the shutdown hook removes the discovery file");
        }
    }

    @ParameterizedTest
    @MethodSource("io.opsagent.it.support.Jdks#each")
    void discoveryFileIsPrivateAndNamesTheUrlAndTokenFile(Jdks.Jdk jdk) throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(jdk).agentArgs("port=0").start()) {
            Path discovery = Path.of(System.getProperty("java.io.tmpdir"), "opsagent-" + jvm.pid() + ".json");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(discovery)));
            String json = Files.readString(discovery);
            assertTrue(json.contains(jvm.agentUrl()), json);
            assertTrue(json.contains(jvm.tokenFile().toString()), json);
            assertFalse(json.contains(jvm.token()), "the discovery file names the token file, never the token");
            jvm.process().destroy();
            assertTrue(jvm.process().waitFor(10, TimeUnit.SECONDS));
            assertFalse(Files.exists(discovery), "removed at exit");
        }
    }

    private static List<String> agentLines(String output) {
        return Arrays.stream(output.split("\n")).filter(l -> l.startsWith("[opsagent]")).collect(Collectors.toList());
    }

    private static String line(String output, String prefix) {
        return Arrays.stream(output.split("\n")).filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()).trim())
                .findFirst().orElse("(missing)");
    }
}
