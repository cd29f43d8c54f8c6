package io.opsagent.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.opsagent.it.support.Cli;
import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.TargetJvm;
import io.opsagent.it.support.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CLI on a runtime without an attach API: a Java 8 JRE (no lib/tools.jar) and a jlinked image without
 * jdk.attach. Attach cannot work there; the CLI says exactly what to install, names a JDK on this host that
 * can do it, and exits 7. {@code list} still works (from the perf data).
 */
class CliRuntimeTest {
    @Test
    void onAJava8JreTheCliSaysWhichPackageToInstall() throws Exception {
        assumeTrue(Jdks.feature(8).isPresent(), "no JDK 8 here; CI provides one with .ci/legacy-jdks.sh");
        Path jdk8 = Jdks.feature(8).get().home();
        // a JRE 8 as packaged on its own: the JDK's jre/ without the JDK's lib/tools.jar beside it
        Path jre = Files.createTempDirectory("opsagent-jre8-").resolve("jre");
        Tools.Result cp = Tools.exec(60, "cp", "-al", jdk8.resolve("jre").toString(), jre.toString());
        if (cp.exit() != 0) {
            Tools.exec(120, "cp", "-a", jdk8.resolve("jre").toString(), jre.toString());
        }
        assertFalse(Files.exists(jre.resolve("../lib/tools.jar")) || Files.exists(jre.resolve("lib/tools.jar")));
        try (TargetJvm target = TargetJvm.demo(Jdks.current()).start()) {
            Cli.Run run = Cli.runWith(List.of(), jre.resolve("bin/java"), "attach", Long.toString(target.pid())).expect(7);
            assertTrue(run.output().contains("has no attach API: it is a JRE, without the JDK's lib/tools.jar"), run.toString());
            assertTrue(run.output().contains("apt-get install openjdk-8-jdk-headless"), run.toString());
            assertTrue(run.output().contains("java-1.8.0-openjdk-devel"), run.toString());
            assertTrue(run.output().matches("(?s).*e\\.g\\. /\\S+/bin/java -jar opsagent.jar.*"), "names a JDK on this host: " + run);
            Cli.Run list = Cli.runWith(List.of(), jre.resolve("bin/java"), "list").expect(0);
            assertTrue(list.output().lines().anyMatch(l -> l.startsWith(target.pid() + " ")), list.toString());
        } finally {
            Tools.exec(60, "rm", "-rf", jre.getParent().toString());
        }
    }

    @Test
    void onAJlinkedRuntimeWithoutJdkAttachTheCliSaysWhatToAdd() throws Exception {
        Jdks.Jdk jdk = Jdks.current();
        assumeTrue(Files.isExecutable(jdk.tool("jlink")) && Files.isDirectory(jdk.home().resolve("jmods")), "no jlink or jmods in " + jdk.home());
        Path image = Path.of("target", "jlink-without-attach-" + jdk.feature()).toAbsolutePath();
        if (!Files.isExecutable(image.resolve("bin/java"))) {
            Tools.Result r = Tools.exec(300, jdk.tool("jlink").toString(), "--add-modules", "java.se,jdk.unsupported,jdk.management",
                    "--strip-debug", "--no-man-pages", "--no-header-files", "--output", image.toString());
            assertTrue(r.exit() == 0, r.output());
        }
        assertFalse(Tools.exec(30, image.resolve("bin/java").toString(), "--list-modules").output().contains("jdk.attach"));
        try (TargetJvm target = TargetJvm.demo(jdk).start()) {
            Cli.Run run = Cli.runWith(List.of(), image.resolve("bin/java"), "attach", Long.toString(target.pid())).expect(7);
            assertTrue(run.output().contains("has no attach API: it lacks the jdk.attach module"), run.toString());
            assertTrue(run.output().contains("jlink --add-modules jdk.attach"), run.toString());
            assertTrue(run.output().contains("apt-get install openjdk-" + jdk.feature() + "-jdk-headless"), run.toString());
            Cli.runWith(List.of(), image.resolve("bin/java"), "list").expect(0);
        }
    }
}
