package io.opsagent.heap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opsagent.config.ByteLimit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpStoreTest {
    private static StoredDump stored(DumpStore s, int bytes) throws Exception {
        StoredDump d = s.create(StoredDump.MANUAL, true, DumpStatus.PENDING);
        Files.write(d.file, new byte[bytes]);
        d.ready(bytes, DumpStore.sha256(d.file));
        return d;
    }

    private static List<String> ids(DumpStore s) {
        List<String> out = new ArrayList<String>();
        for (StoredDump d : s.all()) {
            out.add(d.id);
        }
        return out;
    }

    @Test
    void keepRemovesTheOldestFirst(@TempDir Path dir) throws Exception {
        DumpStore s = new DumpStore(dir);
        StoredDump a = stored(s, 10);
        StoredDump b = stored(s, 10);
        StoredDump c = stored(s, 10);
        s.enforce(2, ByteLimit.bytes(1 << 20));
        assertEquals(java.util.Arrays.asList(b.id, c.id), ids(s));
        assertFalse(Files.exists(a.file));
    }

    @Test
    void maxBytesRemovesTheOldestButNeverTheNewest(@TempDir Path dir) throws Exception {
        DumpStore s = new DumpStore(dir);
        stored(s, 100);
        StoredDump b = stored(s, 100);
        StoredDump c = stored(s, 100);
        s.enforce(10, ByteLimit.bytes(250));
        assertEquals(java.util.Arrays.asList(b.id, c.id), ids(s));
        s.enforce(10, ByteLimit.bytes(1));
        assertEquals(java.util.Arrays.asList(c.id), ids(s), "the newest stays even above the limit");
    }

    @Test
    void idsAreLookedUpNeverResolved(@TempDir Path dir) throws Exception {
        DumpStore s = new DumpStore(dir);
        StoredDump a = stored(s, 10);
        assertEquals(a, s.find(a.id));
        assertTrue(a.id.matches("\\d{8}-\\d{6}-[0-9a-f]{8}"), a.id);
        for (String hostile : new String[] {"../../etc/passwd", "..", a.file.toString(), a.file.getFileName().toString(), a.id + "/", ""}) {
            assertNull(s.find(hostile), hostile);
        }
    }

    @Test
    void reindexesCompleteDumpsWithTheirChecksums(@TempDir Path dir) throws Exception {
        DumpStore first = new DumpStore(dir);
        StoredDump a = stored(first, 1000);
        Files.write(dir.resolve("notes.txt"), new byte[1]);
        DumpStore again = new DumpStore(dir);
        again.index(again.storedFiles());
        assertEquals(java.util.Arrays.asList(a.id), ids(again));
        StoredDump found = again.find(a.id);
        assertEquals(a.sha256(), found.sha256());
        assertEquals(StoredDump.MANUAL, found.trigger);
        assertEquals(DumpStatus.READY, found.status());
    }
}
