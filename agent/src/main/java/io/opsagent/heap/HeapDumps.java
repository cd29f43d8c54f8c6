package io.opsagent.heap;

import io.opsagent.audit.AuditLog;
import io.opsagent.config.Keys;
import io.opsagent.config.LiveConfig;
import io.opsagent.http.HttpError;
import io.opsagent.http.Role;
import io.opsagent.util.Log;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * Stored dumps taken in the background (on request, after the next GC, or by the threshold rule):
 * one at a time, on the feature's own thread, checked against the disk, limits enforced afterwards.
 */
final class HeapDumps {
    static final String AUTO_CLIENT = "agent";

    private final DumpWriter writer;
    private final DumpStore store;
    private final DumpSlot slot;
    private final ExecutorService worker;
    private final LiveConfig config;
    private final AuditLog audit;
    private volatile DumpUploads uploads;

    HeapDumps(DumpWriter writer, DumpStore store, DumpSlot slot, ExecutorService worker, LiveConfig config, AuditLog audit) {
        this.writer = writer;
        this.store = store;
        this.slot = slot;
        this.worker = worker;
        this.config = config;
        this.audit = audit;
    }

    /** Uploads follow every stored dump from now on. */
    void uploadWith(DumpUploads u) {
        this.uploads = u;
    }

    DumpWriter writer() {
        return writer;
    }

    DumpStore store() {
        return store;
    }

    /** The dump slot, or 429 naming what holds it. */
    DumpSlot.Held take(String what) {
        DumpSlot.Held held = slot.tryTake(what);
        if (held == null) {
            throw new HttpError(429, "a heap dump is already running (" + slot.holder() + ")",
                    "only one dump runs at a time; retry when it has finished (GET /heapdumps shows it)").header("Retry-After", "5");
        }
        return held;
    }

    /** What holds the slot, or null when it is free. */
    String busyWith() {
        return slot.holder();
    }

    /** Writes the entry's dump on the worker thread; the slot is freed when done. */
    void inBackground(final StoredDump d, final DumpSlot.Held held) {
        try {
            worker.execute(new Runnable() {
                @Override
                public void run() {
                    write(d, held);
                }
            });
        } catch (RejectedExecutionException e) {
            d.failed("the agent is stopping");
            held.close();
        }
    }

    /** Takes a threshold dump now if no other dump runs; false when the slot was busy. */
    boolean automatic(double occupancy) {
        DumpSlot.Held held = slot.tryTake("automatic dump");
        if (held == null) {
            Log.info("heap dump threshold crossed (" + pct(occupancy) + ") while another dump runs; trying again after the next GC");
            return false;
        }
        try {
            writer.checkSpace();
        } catch (HttpError e) {
            held.close();
            Log.warn("automatic heap dump skipped: " + e.getMessage());
            audit.record(AUTO_CLIENT, Role.OPERATOR, "heap dump (threshold " + pct(occupancy) + ")", e.status(), e.getMessage());
            return true;
        }
        StoredDump d = store.create(StoredDump.THRESHOLD, true, DumpStatus.PENDING);
        write(d, held);
        if (d.status() == DumpStatus.READY) {
            AutoDumpListeners.dumped(d.file);
        }
        audit.record(AUTO_CLIENT, Role.OPERATOR, "heap dump (threshold " + pct(occupancy) + ")",
                d.status() == DumpStatus.READY ? 200 : 500, "id=" + d.id + " status=" + d.status());
        return true;
    }

    /** Writes the entry's dump on the calling thread (the worker); the slot is freed when done. */
    void write(StoredDump d, DumpSlot.Held held) {
        try {
            held.drain();
            d.writing();
            writer.write(d.file, d.live);
            d.ready(java.nio.file.Files.size(d.file), DumpStore.sha256(d.file));
            store.enforce(config.get().get(Keys.HEAPDUMP_KEEP), config.get().get(Keys.HEAPDUMP_MAX_BYTES));
            DumpUploads u = uploads;
            if (u != null && d.status() == DumpStatus.READY) {
                u.stored(d);
            }
        } catch (HttpError e) {
            d.failed(e.getMessage() + "; " + e.hint());
        } catch (Exception | LinkageError e) {
            Log.warn("heap dump " + d.id + " failed", e);
            d.failed(String.valueOf(e.getMessage() == null ? e : e.getMessage()));
            try {
                java.nio.file.Files.deleteIfExists(d.file);
            } catch (java.io.IOException ignored) {
                // the next start removes it
            }
        } finally {
            held.close();
        }
    }

    static String pct(double ratio) {
        return Math.round(ratio * 1000) / 10.0 + "%";
    }
}
