package io.opsagent.it.heap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import shark.CloseableHeapGraph;
import shark.HeapObject;
import shark.HprofHeapGraph;
import shark.HprofIndex;
import kotlin.sequences.SequencesKt;

/** Opens dumps with a real HPROF parser (Square's Shark) and other file checks the heap tests share. */
final class HprofFiles {
    static final String LEAKED = "io.opsagent.demo.DemoLeakedRecord";

    private HprofFiles() {
    }

    /** Instances of a class in a raw HPROF file, as Shark's heap graph sees them (-1 if the class is absent). */
    static int instancesOf(Path hprof, String className) throws IOException {
        try (CloseableHeapGraph graph = HprofHeapGraph.Companion.openHeapGraph(hprof.toFile(), null,
                HprofIndex.Companion.defaultIndexedGcRootTags())) {
            HeapObject.HeapClass c = graph.findClassByName(className);
            return c == null ? -1 : SequencesKt.count(c.getInstances());
        }
    }

    static Path gunzip(Path gz) throws IOException {
        Path out = gz.resolveSibling(gz.getFileName() + ".hprof");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz), 65536); OutputStream o = Files.newOutputStream(out)) {
            in.transferTo(o);
        }
        return out;
    }

    static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static List<String> names(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                out.add(p.getFileName().toString());
            }
        }
        return out;
    }
}
