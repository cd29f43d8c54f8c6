package io.opsagent.upload;

import io.opsagent.util.FilePerms;
import io.opsagent.util.Log;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where one dump's upload stands, shown in {@code GET /heapdumps} and kept in a small file next to
 * the dump ({@code <id>.upload}, 0600) so that an agent restart can resume it, or finish aborting it.
 * Holds no secret: the multipart upload id is not one (it is useless without the keys).
 */
public final class UploadState {
    public static final String PENDING = "pending";
    public static final String UPLOADING = "uploading";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    private final Path file;
    private volatile String status = PENDING;
    private volatile String url;
    private volatile String key;
    private volatile String uploadId;
    private volatile long bytes;
    private volatile int parts;
    private volatile String sha256;
    private volatile String error;
    private volatile boolean abortPending;
    private volatile boolean localDeleted;
    private volatile boolean discarded;
    /** Set while this agent has the upload queued or running (a loaded state says "uploading" but is not running). */
    volatile boolean queued;

    UploadState(Path file) {
        this.file = file;
    }

    /** The state file of a dump: {@code <id>.upload} in the dump folder. */
    static Path fileFor(Path dumpDir, String id) {
        return dumpDir.resolve(id + ".upload");
    }

    /** A state saved by an earlier agent, or null when there is none (or it cannot be read). */
    static UploadState load(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            Log.warn("cannot read the upload state " + file + ": " + e.getMessage());
            return null;
        }
        UploadState s = new UploadState(file);
        s.status = p.getProperty("status", PENDING);
        s.url = p.getProperty("url");
        s.key = p.getProperty("key");
        s.uploadId = p.getProperty("uploadId");
        s.bytes = Long.parseLong(p.getProperty("bytes", "0"));
        s.parts = Integer.parseInt(p.getProperty("parts", "0"));
        s.sha256 = p.getProperty("sha256");
        s.error = p.getProperty("error");
        s.abortPending = Boolean.parseBoolean(p.getProperty("abortPending"));
        s.localDeleted = Boolean.parseBoolean(p.getProperty("localDeleted"));
        return s;
    }

    public String status() {
        return status;
    }

    public String url() {
        return url;
    }

    String key() {
        return key;
    }

    String uploadId() {
        return uploadId;
    }

    boolean abortPending() {
        return abortPending;
    }

    /** True once the upload was verified and the local file deleted (heapdump.upload.delete.local). */
    public boolean localDeleted() {
        return localDeleted;
    }

    /** True while queued or running: a second request for the same dump waits for this one. */
    public boolean active() {
        return PENDING.equals(status) || UPLOADING.equals(status);
    }

    synchronized void pending() {
        status = PENDING;
        error = null;
        save();
    }

    synchronized void started(String s3Url, String objectKey) {
        status = UPLOADING;
        url = s3Url;
        key = objectKey;
        uploadId = null;
        bytes = 0;
        parts = 0;
        sha256 = null;
        error = null;
        save();
    }

    synchronized void uploadId(String id) {
        uploadId = id;
        save();
    }

    synchronized void progress(long sent, int partCount) {
        bytes = sent;
        parts = partCount;
        error = null;
        save();
    }

    /** A transient problem while the upload goes on (a retry is coming). */
    void trouble(String why) {
        error = why;
    }

    /** Verified; {@code deletedLocally} when the local file is already gone (delete.local), so both show at once. */
    synchronized void done(String sha, long sent, int partCount, boolean deletedLocally) {
        status = DONE;
        localDeleted = deletedLocally;
        sha256 = sha;
        bytes = sent;
        parts = partCount;
        uploadId = null;
        error = null;
        save();
    }

    synchronized void failed(String why, boolean abortStillDue) {
        status = FAILED;
        error = why;
        abortPending = abortStillDue;
        if (!abortStillDue) {
            uploadId = null;
        }
        save();
    }

    synchronized void aborted() {
        abortPending = false;
        uploadId = null;
        save();
    }

    /** The dump was deleted: forget the state, and never write it again. */
    public synchronized void discard() {
        discarded = true;
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            Log.warn("cannot delete " + file + ": " + e.getMessage());
        }
    }

    private void save() {
        if (discarded) {
            return;
        }
        Properties p = new Properties();
        p.setProperty("status", status);
        put(p, "url", url);
        put(p, "key", key);
        put(p, "uploadId", uploadId);
        p.setProperty("bytes", Long.toString(bytes));
        p.setProperty("parts", Integer.toString(parts));
        put(p, "sha256", sha256);
        put(p, "error", error);
        p.setProperty("abortPending", Boolean.toString(abortPending));
        p.setProperty("localDeleted", Boolean.toString(localDeleted));
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            p.store(out, "OpsAgent upload state");
            FilePerms.writePrivate(file, out.toByteArray());
        } catch (IOException e) {
            Log.warn("cannot save the upload state " + file + ": " + e.getMessage());
        }
    }

    private static void put(Properties p, String k, String v) {
        if (v != null) {
            p.setProperty(k, v);
        }
    }

    /** The {@code upload} object of a {@code GET /heapdumps} entry. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<String, Object>();
        m.put("status", status);
        if (url != null) {
            m.put("url", url);
        }
        m.put("bytes", bytes);
        m.put("parts", parts);
        if (sha256 != null) {
            m.put("sha256", sha256);
        }
        if (error != null) {
            m.put("error", error);
        }
        if (localDeleted) {
            m.put("localDeleted", true);
        }
        return m;
    }
}
