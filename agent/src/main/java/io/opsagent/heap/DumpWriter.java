package io.opsagent.heap;

import io.opsagent.config.ByteLimit;
import io.opsagent.config.Keys;
import io.opsagent.config.LiveConfig;
import io.opsagent.http.HttpError;
import io.opsagent.util.FilePerms;
import io.opsagent.util.Log;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes one dump to disk, and nothing else: checks the space first, lets the JVM write raw HPROF
 * to a partial file (the caller's {@link DumpSlot} marks the instance not ready), and renames it into
 * place only when complete, so a half-written dump is never served and is removed on failure.
 */
final class DumpWriter {
    static final String PARTIAL = ".partial.hprof";

    private final HotSpotDumper dumper;
    private final Path dir;
    private final LiveConfig config;

    DumpWriter(HotSpotDumper dumper, Path dir, LiveConfig config) {
        this.dumper = dumper;
        this.dir = dir;
        this.config = config;
    }

    Path dir() {
        return dir;
    }

    /** 501 when this JVM cannot dump at all. */
    void checkSupported() {
        if (dumper.unavailable() != null) {
            throw new HttpError(501, dumper.unavailable(), "use a HotSpot-family JVM, or the JVM's own dump tool (e.g. OpenJ9's -Xdump)");
        }
    }

    /**
     * 507 when a dump of the heap's used size would not fit the free disk or {@code heapdump.max.bytes}.
     * Used heap is what a full dump writes at most (plus small headers); a live dump is smaller.
     */
    void checkSpace() {
        long estimate = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long free;
        try {
            free = Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            throw new HttpError(507, "cannot tell the free space in " + dir + ": " + e.getMessage(), "check heapdump.dir");
        }
        ByteLimit limit = config.get().get(Keys.HEAPDUMP_MAX_BYTES);
        long allowed = Math.min(free, limit.resolve(free));
        if (estimate > allowed) {
            throw new HttpError(507, "a dump of the " + mb(estimate) + " heap in use would not fit: " + mb(free) + " free in " + dir
                    + ", heapdump.max.bytes allows " + limit + " = " + mb(allowed),
                    "free disk space, point heapdump.dir at a larger disk, or raise heapdump.max.bytes")
                    .with("neededBytes", estimate).with("allowedBytes", allowed);
        }
    }

    /** Dumps into {@code target} (a name ending in .hprof that does not exist yet); the file is 0600. */
    Path write(Path target, boolean live) throws IOException {
        checkSupported();
        checkSpace();
        String name = target.getFileName().toString();
        Path partial = target.resolveSibling(name.substring(0, name.length() - ".hprof".length()) + PARTIAL);
        long started = System.nanoTime();
        try {
            dumper.dump(partial, live);
            FilePerms.ownerOnly(partial);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            Files.deleteIfExists(target);
            throw e;
        }
        Log.info("heap dump written to " + target + " (" + mb(Files.size(target)) + ", live=" + live + ") in "
                + (System.nanoTime() - started) / 1_000_000 + " ms");
        return target;
    }

    /** Removes what a crash or kill left behind: partial files, and streamed dumps whose transfer never ended. */
    void removeLeftovers() {
        try (java.nio.file.DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                String n = p.getFileName().toString();
                if (n.endsWith(PARTIAL) || n.startsWith(StreamedDump.PREFIX)) {
                    Files.deleteIfExists(p);
                    Log.info("removed the leftover dump file " + p);
                }
            }
        } catch (IOException e) {
            Log.warn("cannot clean " + dir + ": " + e.getMessage());
        }
    }

    static String mb(long bytes) {
        return bytes >= 1 << 20 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }
}
