package io.opsagent.heap;

import io.opsagent.http.HttpError;
import io.opsagent.upload.UploadState;
import io.opsagent.upload.Uploads;

/** Where the heap feature meets {@link Uploads}: which stored dumps go up, and when. */
final class DumpUploads {
    private final Uploads uploads;

    DumpUploads(Uploads uploads) {
        this.uploads = uploads;
    }

    /** After a dump is stored: upload it when {@code heapdump.upload} is set, unless its request said otherwise. */
    void stored(StoredDump d) {
        Boolean asked = d.uploadAsked;
        if (asked == null ? uploads.enabled() : asked) {
            start(d);
        }
    }

    /** 409 now, before a dump is taken, when {@code upload=true} cannot be honoured. */
    void checkEnabled() {
        if (!uploads.enabled()) {
            throw new HttpError(409, "heapdump.upload is off, so there is nowhere to upload to",
                    "set heapdump.upload=s3://bucket/prefix (and heapdump.upload.endpoint for a non-AWS store)");
        }
    }

    /** {@code POST /heapdumps/<id>/upload}: uploads, or uploads again, a stored dump. */
    void start(StoredDump d) {
        UploadState s = d.upload;
        if (s == null) {
            s = uploads.newState(d.id);
            d.upload = s;
        }
        try {
            uploads.submit(d.id, d.trigger, d.file, d.sha256(), s);
        } catch (IllegalStateException e) {
            throw new HttpError(409, e.getMessage(), "wait for it to finish; GET /heapdumps shows its progress");
        }
    }

    /** After a restart: the dump's saved upload state, its upload restarted if it was pending. */
    void indexed(StoredDump d) {
        d.upload = uploads.resume(d.id, d.trigger, d.file, d.sha256());
    }

    /** A time-limited URL of the uploaded object, for a dump whose local file was deleted; null if none can be made. */
    String objectUrl(StoredDump d) {
        return d.upload == null ? null : uploads.downloadUrl(d.upload);
    }

    void stop() {
        uploads.stop();
    }
}
