package io.opsagent.heap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opsagent.config.ConfigSources;
import io.opsagent.config.LiveConfig;
import io.opsagent.http.HttpError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dumps this test JVM: private file, no partial left, 507 before writing. */
class DumpWriterTest {
    private static LiveConfig config(String... kv) throws Exception {
        java.util.Map<String, String> args = new java.util.LinkedHashMap<String, String>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            args.put(kv[i], kv[i + 1]);
        }
        ConfigSources s = new ConfigSources(args, new Properties(), Collections.<String, String>emptyMap());
        return new LiveConfig(s, s.load());
    }

    @Test
    void writesAPrivateDumpAndNoPartialFile(@TempDir Path dir) throws Exception {
        DumpWriter w = new DumpWriter(HotSpotDumper.find(), dir, config());
        Path target = w.write(dir.resolve("x.manual.hprof"), false);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertEquals(Collections.singletonList("x.manual.hprof"), HprofNames.of(dir));
        byte[] head = new byte[18];
        try (java.io.InputStream in = Files.newInputStream(target)) {
            assertEquals(18, in.read(head));
        }
        assertTrue(new String(head, "US-ASCII").startsWith("JAVA PROFILE 1.0."));
    }

    @Test
    void refusesWithoutWritingWhenTheLimitIsTooSmall(@TempDir Path dir) throws Exception {
        DumpWriter w = new DumpWriter(HotSpotDumper.find(), dir, config("heapdump.max.bytes", "1k"));
        try {
            w.write(dir.resolve("y.manual.hprof"), true);
            throw new AssertionError("expected 507");
        } catch (HttpError e) {
            assertEquals(507, e.status());
            assertTrue(e.hint().contains("heapdump.max.bytes"), e.hint());
        }
        assertEquals(Collections.emptyList(), HprofNames.of(dir));
    }

    @Test
    void removesLeftoversAtStart(@TempDir Path dir) throws Exception {
        Files.createFile(dir.resolve("a" + DumpWriter.PARTIAL));
        Files.createFile(dir.resolve(StreamedDump.PREFIX + "0123.hprof"));
        Files.createFile(dir.resolve("20260101-000000-0123abcd.manual.hprof"));
        new DumpWriter(HotSpotDumper.find(), dir, config()).removeLeftovers();
        assertEquals(Collections.singletonList("20260101-000000-0123abcd.manual.hprof"), HprofNames.of(dir));
    }

    /** File names in a directory, sorted. */
    static final class HprofNames {
        static java.util.List<String> of(Path dir) throws java.io.IOException {
            java.util.List<String> out = new java.util.ArrayList<String>();
            try (java.util.stream.Stream<Path> s = Files.list(dir)) {
                s.forEach(p -> out.add(p.getFileName().toString()));
            }
            Collections.sort(out);
            return out;
        }
    }
}
