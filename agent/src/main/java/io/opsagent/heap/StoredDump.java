package io.opsagent.heap;

import io.opsagent.util.IsoTime;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** One stored dump in the index: the id the agent made up, its file, and where it stands. */
final class StoredDump {
    static final String MANUAL = "manual";
    static final String AFTER_GC = "after-gc";
    static final String THRESHOLD = "threshold";

    final String id;
    final String trigger;
    final Path file;
    final boolean live;
    private volatile long createdMillis;
    private volatile DumpStatus status;
    private volatile long size = -1;
    private volatile String sha256;
    private volatile String error;
    /** Upload (io.opsagent.upload): what the request asked (null = follow heapdump.upload), and where it stands. */
    volatile Boolean uploadAsked;
    volatile io.opsagent.upload.UploadState upload;

    StoredDump(String id, String trigger, Path file, boolean live, long createdMillis, DumpStatus status) {
        this.id = id;
        this.trigger = trigger;
        this.file = file;
        this.live = live;
        this.createdMillis = createdMillis;
        this.status = status;
    }

    DumpStatus status() {
        return status;
    }

    long size() {
        return size;
    }

    String sha256() {
        return sha256;
    }

    long createdMillis() {
        return createdMillis;
    }

    void writing() {
        status = DumpStatus.WRITING;
        createdMillis = System.currentTimeMillis();
    }

    void ready(long bytes, String sha) {
        size = bytes;
        sha256 = sha;
        status = DumpStatus.READY;
    }

    void failed(String why) {
        error = why;
        status = DumpStatus.FAILED;
    }

    boolean finished() {
        return status.finished();
    }

    Map<String, Object> toJson(String prefix) {
        Map<String, Object> m = new LinkedHashMap<String, Object>();
        m.put("id", id);
        m.put("status", status.label());
        m.put("trigger", trigger);
        m.put("time", IsoTime.of(createdMillis));
        m.put("live", live);
        if (size >= 0) {
            m.put("size", size);
        }
        if (sha256 != null) {
            m.put("sha256", sha256);
        }
        if (error != null) {
            m.put("error", error);
        }
        io.opsagent.upload.UploadState u = upload;
        if (u != null) {
            m.put("upload", u.toJson());
        }
        m.put("href", prefix + "/heapdumps/" + id);
        return m;
    }
}
