package io.opsagent.heap;

import io.opsagent.config.ByteLimit;
import io.opsagent.util.IsoTime;
import io.opsagent.util.Log;
import io.opsagent.util.RandomHex;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The index of stored dumps. Ids are made here and a request's id is only ever looked up in this
 * index, never turned into a path, so no id a client sends can reach outside {@code heapdump.dir}.
 * Limits ({@code heapdump.keep}, {@code heapdump.max.bytes}) are enforced oldest first.
 */
final class DumpStore {
    /** Finished entries that are not dumps (failures) kept for the listing, beyond which the oldest go. */
    private static final int FAILURES_KEPT = 10;
    private static final Pattern FILE = Pattern.compile("(\\d{8}-\\d{6}-[0-9a-f]{8})\\.(manual|after-gc|threshold)\\.hprof");

    private final Path dir;
    private final List<StoredDump> entries = new ArrayList<StoredDump>();

    DumpStore(Path dir) {
        this.dir = dir;
    }

    /** A new entry with a fresh id; its file does not exist yet. */
    synchronized StoredDump create(String trigger, boolean live, DumpStatus status) {
        long now = System.currentTimeMillis();
        String id = IsoTime.compact(now) + "-" + RandomHex.of(4);
        StoredDump d = new StoredDump(id, trigger, dir.resolve(id + "." + trigger + ".hprof"), live, now, status);
        entries.add(d);
        return d;
    }

    synchronized StoredDump find(String id) {
        for (StoredDump d : entries) {
            if (d.id.equals(id)) {
                return d;
            }
        }
        return null;
    }

    synchronized List<StoredDump> all() {
        return new ArrayList<StoredDump>(entries);
    }

    /** Removes an entry and its file. */
    boolean delete(StoredDump d) {
        synchronized (this) {
            if (!entries.remove(d)) {
                return false;
            }
        }
        if (d.upload != null) {
            d.upload.discard();
        }
        try {
            Files.deleteIfExists(d.file);
        } catch (IOException e) {
            Log.warn("cannot delete " + d.file + ": " + e.getMessage());
        }
        return true;
    }

    /** Re-indexes complete dumps a previous agent in this JVM (or data dir) left; their checksums are computed again. */
    /** The stored dumps a previous run left in the folder, oldest first: a cheap listing, no hashing. */
    List<Path> storedFiles() {
        List<Path> found = new ArrayList<Path>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                if (FILE.matcher(p.getFileName().toString()).matches()) {
                    found.add(p);
                }
            }
        } catch (IOException e) {
            Log.warn("cannot list " + dir + ": " + e.getMessage());
        }
        found.sort(null);
        return found;
    }

    /** Lists {@code found} with their sizes and sha256 (which reads each file: run it off the start path). */
    void index(List<Path> found) {
        for (Path p : found) {
            Matcher m = FILE.matcher(p.getFileName().toString());
            m.matches();
            try {
                StoredDump d = new StoredDump(m.group(1), m.group(2), p, true, Files.getLastModifiedTime(p).toMillis(), DumpStatus.READY);
                d.ready(Files.size(p), sha256(p));
                synchronized (this) {
                    entries.add(d);
                }
            } catch (IOException e) {
                Log.warn("cannot index the stored dump " + p + ": " + e.getMessage());
            }
        }
    }

    /** Deletes the oldest dumps beyond {@code keep} or beyond {@code limit}; the newest one always stays. */
    void enforce(int keep, ByteLimit limit) {
        List<StoredDump> doomed = new ArrayList<StoredDump>();
        synchronized (this) {
            List<StoredDump> ready = new ArrayList<StoredDump>();
            List<StoredDump> failed = new ArrayList<StoredDump>();
            long total = 0;
            for (StoredDump d : entries) {
                if (d.status() == DumpStatus.READY) {
                    ready.add(d);
                    total += d.size();
                } else if (d.status() == DumpStatus.FAILED) {
                    failed.add(d);
                }
            }
            long free = usable();
            long allowed = limit.resolve(free + total);
            for (int i = 0; i < ready.size() - 1 && (ready.size() - i > keep || total > allowed); i++) {
                doomed.add(ready.get(i));
                total -= ready.get(i).size();
            }
            for (int i = 0; i < failed.size() - FAILURES_KEPT; i++) {
                doomed.add(failed.get(i));
            }
        }
        for (StoredDump d : doomed) {
            delete(d);
            Log.info("removed the stored dump " + d.id + " (heapdump.keep / heapdump.max.bytes)");
        }
    }

    private long usable() {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        byte[] buf = new byte[256 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return RandomHex.hex(md.digest());
    }
}
