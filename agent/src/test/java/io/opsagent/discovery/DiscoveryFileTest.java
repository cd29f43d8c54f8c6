package io.opsagent.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The discovery file's one owner reads back exactly what it writes, and nothing else. */
class DiscoveryFileTest {
    @Test
    void whatTheAgentWritesTheCliReadsBack(@TempDir Path dir) throws Exception {
        long pid = ProcessHandleless.pid();
        Path written = DiscoveryFile.write(pid, "http://127.0.0.1:9950", dir.resolve("token"), dir, "attach");
        try {
            DiscoveryFile d = DiscoveryFile.read(written);
            assertEquals(pid, d.pid);
            assertEquals("http://127.0.0.1:9950", d.url);
            assertEquals(dir.resolve("token").toString(), d.tokenFile);
            assertEquals(dir.toString(), d.dataDir);
            assertEquals("attach", d.attached);
            assertEquals(DiscoveryFile.fileName(pid), written.getFileName().toString());
        } finally {
            DiscoveryFile.remove(pid);
        }
    }

    @Test
    void aFileThatIsNotADiscoveryFileReadsAsNone(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("opsagent-1.json");
        Files.write(f, "{\"pid\": 1}".getBytes(StandardCharsets.UTF_8));
        assertNull(DiscoveryFile.read(f), "no url: not an agent's file");
        Files.write(f, "not json".getBytes(StandardCharsets.UTF_8));
        assertNull(DiscoveryFile.read(f));
        assertNull(DiscoveryFile.read(dir.resolve("absent.json")));
        assertNull(DiscoveryFile.readFailure(dir.resolve("absent.error")));
    }

    @Test
    void aStartFailureNoteReadsBackWithItsKind() {
        long pid = ProcessHandleless.pid();
        DiscoveryFile.writeFailure(pid, DiscoveryFile.PORT_TAKEN, "port 9950 is taken");
        try {
            DiscoveryFile.StartFailure f = DiscoveryFile.readFailure(DiscoveryFile.failurePathFor(pid));
            assertEquals(DiscoveryFile.PORT_TAKEN, f.kind);
            assertEquals("port 9950 is taken", f.message);
        } finally {
            DiscoveryFile.removeQuietly(DiscoveryFile.failurePathFor(pid));
        }
    }

    /** A pid no live JVM of the test run uses for its own discovery file. */
    private static final class ProcessHandleless {
        static long pid() {
            return 900_000_000L + (System.nanoTime() & 0xffff);
        }
    }
}
