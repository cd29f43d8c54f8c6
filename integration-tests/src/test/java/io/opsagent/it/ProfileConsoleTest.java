package io.opsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.TargetJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The console's {@code profile}, {@code jfr} and {@code sites} commands over a pid, as a script would type them. */
class ProfileConsoleTest {
    @Test
    void profileJfrAndSitesFromTheShell() throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).agentArgs("port=0").jvmArgs("-Xmx128m").start()) {
            jvm.demo("/start/busy");
            jvm.demo("/start/leak?bytesPerSecond=400000&recordBytes=2000");
            Path flame = jvm.dir().resolve("flame.html");
            Path folded = jvm.dir().resolve("cpu.txt");
            ShellConsoleTest.Run r = ShellConsoleTest.shell(String.join("\n", "profile cpu 2s " + flame, "profile 1s " + folded,
                    "profile heat 1s x.html", "jfr start profile", "jfr list", "sites io.opsagent.demo.DemoLeakedRecord 4s", "quit", ""),
                    String.valueOf(jvm.pid()));
            assertTrue(r.out().contains("cpu profile (html) saved to " + flame), r.out() + r.err());
            assertTrue(r.out().contains("engine async-profiler, sampler "), r.out());
            assertTrue(Files.readString(flame).contains("<canvas"), "an HTML flame graph");
            assertTrue(Files.readString(folded).contains("io.opsagent.demo.BusyScenario.lambda$start$0"), "collapsed stacks by the .txt name");
            assertTrue(r.err().contains("usage: profile"), "an unknown event is a usage error: " + r.err());
            assertTrue(r.out().contains("\"settings\": \"profile\"") && r.out().contains("\"status\": \"running\""), r.out());
            assertTrue(r.out().contains("sampled live objects are io.opsagent.demo.DemoLeakedRecord"), r.out());
            assertTrue(r.out().contains("at io.opsagent.demo.LeakScenario.lambda$start$0(LeakScenario.java:"), r.out());
            assertEquals(1, r.exit(), "one command failed (the usage error): " + r.err());
        }
    }
}
