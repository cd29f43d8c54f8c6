package io.opsagent.upload;

import io.opsagent.util.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * One dump's upload: the file is read (and gzipped on the fly, level 1) into parts, each sent with its
 * Content-MD5 and signed sha256 and retried with backoff; the completed object's length and multipart
 * ETag are checked with a HEAD. On failure the multipart upload is aborted so no parts are left behind.
 */
final class MultipartUpload {
    private final S3Client s3;
    private final Retrying retrying;
    private final UploadState state;

    MultipartUpload(S3Client s3, Retrying retrying, UploadState state) {
        this.s3 = s3;
        this.retrying = retrying;
        this.state = state;
    }

    /** The result of a verified upload. */
    static final class Result {
        final String sha256;
        final long bytes;
        final int parts;

        Result(String sha256, long bytes, int parts) {
            this.sha256 = sha256;
            this.bytes = bytes;
            this.parts = parts;
        }
    }

    Result run(Path file, final String key, boolean gzip, int partSize, String hprofSha256) throws IOException {
        Map<String, String> meta = new LinkedHashMap<String, String>();
        if (hprofSha256 != null) {
            meta.put("hprof-sha256", hprofSha256);
        }
        final String contentType = gzip ? "application/gzip" : "application/octet-stream";
        final Map<String, String> m = meta;
        final String uploadId = retrying.run("starting the upload", this::trouble, () -> s3.initiate(key, contentType, m));
        state.uploadId(uploadId);
        final List<String> etags = new ArrayList<String>();
        final MessageDigest md5OfMd5s = SigV4.digest("MD5");
        final long[] sent = {0};
        PartSink sink = new PartSink(partSize, (number, data, len) -> {
            MessageDigest d = SigV4.digest("MD5");
            d.update(data, 0, len);
            byte[] md5 = d.digest();
            md5OfMd5s.update(md5);
            final String md5b64 = Base64.getEncoder().encodeToString(md5);
            MessageDigest sha = SigV4.digest("SHA-256");
            sha.update(data, 0, len);
            final String shaHex = SigV4.hex(sha.digest());
            String etag = retrying.run("part " + number, this::trouble, () -> s3.uploadPart(key, uploadId, number, data, len, md5b64, shaHex));
            String expected = "\"" + SigV4.hex(md5) + "\"";
            if (!etag.equalsIgnoreCase(expected) && !etag.equalsIgnoreCase(SigV4.hex(md5))) {
                throw new S3Exception(0, "BadPartETag", "part " + number + " came back with ETag " + etag + ", not its MD5 " + expected);
            }
            etags.add(etag);
            sent[0] += len;
            state.progress(sent[0], number);
        });
        try {
            try (InputStream in = Files.newInputStream(file); OutputStream out = gzip ? new FastGzip(sink) : sink) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new InterruptedIOException("the upload was stopped (agent stopping)");
                    }
                    out.write(buf, 0, n);
                }
            }
            completeAndVerify(key, uploadId, etags, SigV4.hex(md5OfMd5s.digest()) + "-" + etags.size(), sink.total());
            return new Result(sink.sha256Hex(), sink.total(), sink.parts());
        } catch (InterruptedIOException e) {
            // the agent is stopping: leave the upload id in the state file; the next start aborts it and starts again
            throw e;
        } catch (IOException | RuntimeException e) {
            boolean refusedAtTheEnd = e instanceof Refused;
            throw new Failed(String.valueOf(e.getMessage()), !abortAfter(key, uploadId, e), refusedAtTheEnd, e);
        }
    }

    private void completeAndVerify(String key, String uploadId, List<String> etags, String expectedEtag, long bytes) throws IOException {
        try {
            retrying.run("completing the upload", this::trouble, () -> s3.complete(key, uploadId, etags));
        } catch (S3Exception e) {
            // a completion whose answer was lost leaves the upload unknown (404) but the object complete: the HEAD decides
            if (e.status == 400 || (e.status == 200 && e.code != null)) {
                throw new Refused(e);
            }
            if (e.status != 404) {
                throw e;
            }
        }
        S3Client.Head head = retrying.run("checking the uploaded object", this::trouble, () -> s3.head(key));
        if (head.length != bytes) {
            throw new S3Exception(0, "BadLength", "the stored object has " + head.length + " bytes, " + bytes + " were sent");
        }
        String etag = head.etag == null ? "" : head.etag.replace("\"", "");
        // stores that compute the standard multipart ETag are checked against it; others (a plain MD5) only by length
        if (etag.matches("[0-9a-fA-F]{32}-\\d+") && !etag.equalsIgnoreCase(expectedEtag)) {
            throw new S3Exception(0, "BadETag", "the stored object's ETag " + etag + " is not the one its parts give, " + expectedEtag);
        }
    }

    /** True when the multipart upload is gone from the server. */
    private boolean abortAfter(String key, String uploadId, Exception cause) {
        try {
            // one try here: the caller schedules later attempts rather than holding the upload thread
            s3.abort(key, uploadId);
            return true;
        } catch (IOException e) {
            Log.warn("upload of " + key + " failed (" + cause.getMessage() + ") and could not be aborted yet: " + e.getMessage());
            return false;
        }
    }

    private void trouble(String why) {
        state.trouble(why);
        Log.info("upload: " + why);
    }

    /** A failed upload, and whether its multipart upload is still open on the server (the abort did not get through). */
    static final class Failed extends IOException {
        private static final long serialVersionUID = 1L;
        final boolean abortPending;
        /** Every part was accepted but the server would not assemble them: worth one fresh start. */
        final boolean worthAFreshStart;

        Failed(String message, boolean abortPending, boolean worthAFreshStart, Throwable cause) {
            super(message, cause);
            this.abortPending = abortPending;
            this.worthAFreshStart = worthAFreshStart;
        }
    }

    /** The server accepted every part and then refused to assemble them (400 InvalidPart and the like). */
    private static final class Refused extends S3Exception {
        private static final long serialVersionUID = 1L;

        Refused(S3Exception e) {
            super(e.status, e.code, e.getMessage());
        }
    }

    /** gzip at level 1: the dump is large and mostly repetitive; speed matters more than the last percent. */
    private static final class FastGzip extends GZIPOutputStream {
        FastGzip(OutputStream out) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }
}
