package io.opsagent.upload;

import io.opsagent.audit.AuditLog;
import io.opsagent.config.LiveConfig;
import io.opsagent.http.Role;
import io.opsagent.util.DaemonThreads;
import io.opsagent.util.Log;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Heap dump uploads to S3-compatible storage: one at a time, on the agent's own daemon thread
 * ({@code opsagent-upload-1}), never on the dump slot, so readiness is not held and the shutdown hook
 * never waits. Each dump's state is persisted so a restart resumes (restarts) pending uploads and
 * finishes aborting failed ones.
 */
public final class Uploads {
    static final String AUDIT_CLIENT = "agent";
    /** Later aborts of a failed upload the server could not be reached for: 5 s doubling to 5 min, for up to an hour. */
    private static final long ABORT_FIRST_MS = 5_000;
    private static final long ABORT_MAX_MS = 300_000;
    private static final long ABORT_GIVE_UP_MS = 3_600_000;

    private final LiveConfig config;
    private final Path dir;
    private final AuditLog audit;
    private final CredentialsChain chain;
    private final Retrying retrying = new Retrying(1000);
    private final ScheduledThreadPoolExecutor worker;

    public Uploads(LiveConfig config, Path dumpDir, AuditLog audit) {
        this(config, dumpDir, audit, CredentialsChain.system());
    }

    Uploads(LiveConfig config, Path dumpDir, AuditLog audit, CredentialsChain chain) {
        this.config = config;
        this.dir = dumpDir;
        this.audit = audit;
        this.chain = chain;
        this.worker = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("upload"));
        worker.setKeepAliveTime(30, TimeUnit.SECONDS);
        worker.allowCoreThreadTimeOut(true);
        worker.setRemoveOnCancelPolicy(true);
    }

    private UploadSettings settings() {
        return new UploadSettings(config.get(), System.getenv("AWS_REGION"));
    }

    /** True when {@code heapdump.upload} names a destination. */
    public boolean enabled() {
        return settings().enabled();
    }

    /** A fresh state for a dump that is to be uploaded. */
    public UploadState newState(String id) {
        return new UploadState(UploadState.fileFor(dir, id));
    }

    /**
     * Queues the upload of a stored dump. {@code file} is its raw HPROF, {@code hprofSha256} the listed checksum.
     * Throws IllegalStateException when this dump's upload is already queued or running.
     */
    public void submit(final String id, final String trigger, final Path file, final String hprofSha256, final UploadState state) {
        synchronized (state) {
            if (state.active() && state.queued) {
                throw new IllegalStateException("the upload of dump " + id + " is already " + state.status());
            }
            state.queued = true;
            state.pending();
        }
        try {
            worker.execute(() -> {
                try {
                    upload(id, trigger, file, hprofSha256, state);
                } finally {
                    state.queued = false;
                }
            });
        } catch (RejectedExecutionException e) {
            state.queued = false;
        }
    }

    /** After a restart: the saved state of an indexed dump, its upload restarted if it was pending; null when there is none. */
    public UploadState resume(String id, String trigger, Path file, String hprofSha256) {
        UploadState s = UploadState.load(UploadState.fileFor(dir, id));
        if (s == null) {
            return null;
        }
        if (s.active()) {
            Log.info("restarting the upload of heap dump " + id + " left " + s.status() + " by an earlier agent");
            submit(id, trigger, file, hprofSha256, s);
        } else if (s.abortPending()) {
            scheduleAbort(s, null, ABORT_FIRST_MS, System.currentTimeMillis());
        }
        return s;
    }

    /** A presigned GET URL (15 minutes) for an uploaded dump, or null when it cannot be made now. */
    public String downloadUrl(UploadState s) {
        UploadSettings set = settings();
        if (!set.enabled() || s.key() == null) {
            return null;
        }
        try {
            return new S3Client(set.location, chain.resolve(set.credentialsFile), new RateLimiter(() -> 0)).presignedGet(s.key(), 900);
        } catch (IOException e) {
            Log.warn("cannot sign a download URL: " + e.getMessage());
            return null;
        }
    }

    /** Stops at once: an upload in flight is interrupted at its next part and resumed by the next start. Never waits. */
    public void stop() {
        worker.shutdownNow();
    }

    private void upload(String id, String trigger, Path file, String hprofSha256, UploadState state) {
        UploadSettings s = settings();
        if (!s.enabled()) {
            state.failed("heapdump.upload is off; set it to s3://bucket/prefix", state.uploadId() != null);
            return;
        }
        S3Client s3;
        try {
            s3 = new S3Client(s.location, chain.resolve(s.credentialsFile), new RateLimiter(() -> settings().bytesPerSecond));
        } catch (IOException e) {
            fail(id, state, e.getMessage(), false, null);
            return;
        }
        if (state.uploadId() != null) {
            // an earlier agent's upload of this dump that never finished: its parts are dropped and it starts again
            try {
                s3.abort(state.key(), state.uploadId());
            } catch (IOException e) {
                Log.warn("cannot abort the earlier upload of " + id + ": " + e.getMessage());
            }
        }
        if (!Files.isRegularFile(file)) {
            fail(id, state, "the dump file is gone", false, null);
            return;
        }
        String key = s.location.key(id + "." + trigger + ".hprof" + (s.gzip ? ".gz" : ""));
        state.started(s.location.s3Url(key), key);
        long started = System.nanoTime();
        try {
            MultipartUpload.Result r;
            try {
                r = new MultipartUpload(s3, retrying, state).run(file, key, s.gzip, (int) s.partSize, hprofSha256);
            } catch (MultipartUpload.Failed e) {
                if (!e.worthAFreshStart || e.abortPending) {
                    throw e;
                }
                // e.g. a part the store lost in an outage although it had accepted it: once more from the first part
                Log.warn("upload of heap dump " + id + ": " + e.getMessage() + "; starting it again from the first part");
                state.started(s.location.s3Url(key), key);
                state.trouble(e.getMessage() + "; started again from the first part");
                r = new MultipartUpload(s3, retrying, state).run(file, key, s.gzip, (int) s.partSize, hprofSha256);
            }
            boolean deleted = false;
            if (s.deleteLocal) {
                // only now: the object is complete and verified
                try {
                    Files.deleteIfExists(file);
                    deleted = true;
                    Log.info("deleted the local file of heap dump " + id + " (heapdump.upload.delete.local)");
                } catch (IOException e) {
                    Log.warn("uploaded heap dump " + id + " but cannot delete its local file: " + e.getMessage());
                }
            }
            state.done(r.sha256, r.bytes, r.parts, deleted);
            long ms = Math.max(1, (System.nanoTime() - started) / 1_000_000);
            Log.info("heap dump " + id + " uploaded to " + state.url() + ": " + r.bytes + " bytes in " + r.parts + " parts, " + ms + " ms ("
                    + (r.bytes * 1000 / ms >> 20) + " MiB/s), verified");
            audit.record(AUDIT_CLIENT, Role.OPERATOR, "heap dump upload", 200, "id=" + id + " url=" + state.url() + " bytes=" + r.bytes
                    + " sha256=" + r.sha256);
        } catch (InterruptedIOException e) {
            Log.info("upload of heap dump " + id + " stopped with the agent; the next start restarts it");
        } catch (MultipartUpload.Failed e) {
            fail(id, state, e.getMessage(), e.abortPending, s3);
        } catch (IOException | RuntimeException e) {
            fail(id, state, String.valueOf(e.getMessage()), false, null);
        }
    }

    private void fail(String id, UploadState state, String why, boolean abortPending, S3Client s3) {
        state.failed(why, abortPending);
        Log.warn("upload of heap dump " + id + " failed: " + why);
        audit.record(AUDIT_CLIENT, Role.OPERATOR, "heap dump upload", 502, "id=" + id + " error=" + why);
        if (abortPending) {
            scheduleAbort(state, s3, ABORT_FIRST_MS, System.currentTimeMillis());
        }
    }

    /** Keeps trying to abort a failed upload until the server answers, so no parts stay behind (and billed). */
    private void scheduleAbort(final UploadState state, final S3Client client, final long delay, final long since) {
        try {
            worker.schedule(() -> {
                if (!state.abortPending() || state.uploadId() == null) {
                    return;
                }
                try {
                    S3Client s3 = client;
                    if (s3 == null) {
                        UploadSettings s = settings();
                        if (!s.enabled()) {
                            throw new IOException("heapdump.upload is off");
                        }
                        s3 = new S3Client(s.location, chain.resolve(s.credentialsFile), new RateLimiter(() -> 0));
                    }
                    s3.abort(state.key(), state.uploadId());
                    state.aborted();
                    Log.info("aborted the failed upload " + state.url() + "; no parts are left on the server");
                } catch (IOException e) {
                    if (System.currentTimeMillis() - since > ABORT_GIVE_UP_MS) {
                        Log.warn("gave up aborting the failed upload " + state.url() + " (" + e.getMessage()
                                + "); a bucket lifecycle rule for incomplete multipart uploads removes its parts");
                        return;
                    }
                    scheduleAbort(state, client, Math.min(delay * 2, ABORT_MAX_MS), since);
                }
            }, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // stopping: the saved state lets the next start try again
        }
    }
}
