package io.opsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opsagent.it.support.Cli;
import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.TargetJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A target with its own java.io.tmpdir (Tomcat's $CATALINA_BASE/temp, service wrappers): list, shell &lt;pid&gt;
 * and stop find its agent where it wrote its discovery file, whether the folder was set on its command line or in
 * JAVA_TOOL_OPTIONS. (attach with its own temp folder: AttachMatrixTest, on every JDK.)
 */
class TempFolderTest {
    @Test
    void listShellAndStopFindTheAgentInTheTargetsOwnTempFolder() throws Exception {
        Path tmp = Files.createTempDirectory("opsagent-catalina-temp-");
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).jvmArgs("-Djava.io.tmpdir=" + tmp).agentArgs("port=0,data.dir=" + tmp.resolve("data")).start()) {
            checkListShellStop(jvm, tmp);
        }
    }

    @Test
    void aTempFolderSetInJavaToolOptionsIsFoundToo() throws Exception {
        Path tmp = Files.createTempDirectory("opsagent-tool-options-temp-");
        Jdks.Jdk oldest = Jdks.all().get(0);
        try (TargetJvm jvm = TargetJvm.demo(oldest).env("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + tmp).agentArgs("port=0,data.dir=" + tmp.resolve("data")).start()) {
            checkListShellStop(jvm, tmp);
        }
    }

    private static void checkListShellStop(TargetJvm jvm, Path tmp) throws Exception {
        String pid = Long.toString(jvm.pid());
        assertTrue(Files.exists(tmp.resolve("opsagent-" + pid + ".json")), "the agent wrote its discovery file in its own temp folder");
        assertFalse(Files.exists(Path.of(System.getProperty("java.io.tmpdir"), "opsagent-" + pid + ".json")));
        Cli.Run list = Cli.run(Jdks.current(), "list").expect(0);
        assertTrue(list.output().lines().anyMatch(l -> l.startsWith(pid + " ") && l.contains(jvm.agentUrl())), list.toString());
        ShellConsoleTest.Run shell = ShellConsoleTest.shell("memory\nquit\n", pid);
        assertEquals(0, shell.exit(), shell.err());
        assertTrue(shell.out().contains("heap"), shell.out());
        Cli.run(Jdks.current(), "stop", pid).expect(0);
        assertFalse(Files.exists(tmp.resolve("opsagent-" + pid + ".json")), "removed on stop");
        Cli.run(Jdks.current(), "stop", pid).expect(11);
    }
}
