package io.opsagent.heap;

import io.opsagent.http.HttpError;
import io.opsagent.http.Reply;
import io.opsagent.http.Request;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file the agent made (a heap dump, a JFR recording), whole or as the one byte range the request asks for,
 * so a broken transfer resumes with {@code Range} (and {@code If-Range} against its ETag).
 */
public final class RangedDownload {
    private RangedDownload() {
    }

    /** 200 or 206 with Accept-Ranges, ETag, Content-Range and Content-Disposition; 416 for a range it cannot serve. */
    public static Reply of(Request r, Path file, String id, String etag, String fileName) throws IOException {
        long size = Files.size(file);
        String ifRange = r.header("If-Range");
        ByteRange range;
        try {
            range = ifRange != null && !ifRange.trim().equals(etag) ? null : ByteRange.parse(r.header("Range"), size);
        } catch (ByteRange.Unsatisfiable e) {
            throw new HttpError(416, "the range '" + r.header("Range") + "' cannot be served: " + e.getMessage(),
                    "ask for one range within 0-" + (size - 1) + ", e.g. Range: bytes=1024-").header("Content-Range", "bytes */" + size);
        }
        Reply reply;
        if (range == null) {
            r.auditDetail("id=" + id + " bytes=" + size);
            reply = Reply.stream(200, Reply.BINARY, new FileSlice(file, 0, size), size);
        } else {
            r.auditDetail("id=" + id + " range=" + range.first + "-" + range.last + "/" + size);
            reply = Reply.stream(206, Reply.BINARY, new FileSlice(file, range.first, range.length()), range.length())
                    .header("Content-Range", "bytes " + range.first + "-" + range.last + "/" + size);
        }
        return reply.header("Accept-Ranges", "bytes").header("ETag", etag)
                .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
    }
}
