package io.opsagent.heap;

import io.opsagent.http.HttpError;
import io.opsagent.http.Reply;
import io.opsagent.http.Request;
import io.opsagent.http.Router;
import io.opsagent.util.IsoTime;
import io.opsagent.util.Json;
import io.opsagent.util.JvmInfo;
import io.opsagent.util.RandomHex;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The heap dump routes: thin HTTP edges over {@link HeapDumps}, {@link DumpWriter} and {@link DumpStore}. */
final class HeapEndpoints {
    static final String GZIP_TYPE = "application/gzip";

    private final HeapDumps dumps;
    private final Router router;
    private final AfterGcRequests afterGc;
    private final ThresholdRule rule;
    private final DumpUploads uploads;

    HeapEndpoints(HeapDumps dumps, Router router, AfterGcRequests afterGc, ThresholdRule rule, DumpUploads uploads) {
        this.dumps = dumps;
        this.router = router;
        this.afterGc = afterGc;
        this.rule = rule;
        this.uploads = uploads;
    }

    /** {@code GET /heapdump}: dump to a file at disk speed, then send it (compressed from the file if asked) and delete it. */
    Reply streamed(Request r) throws IOException {
        if ("HEAD".equals(r.method())) {
            throw new HttpError(405, "HEAD would take a heap dump and send none of it", "use GET /heapdump").header("Allow", "GET");
        }
        DumpWriter writer = dumps.writer();
        writer.checkSupported();
        boolean live = r.queryFlag("live", true);
        boolean gzip = r.queryFlag("gzip", false);
        DumpSlot.Held held = dumps.take("streamed dump for " + r.client());
        Path file = writer.dir().resolve(StreamedDump.PREFIX + RandomHex.of(8) + ".hprof");
        InputStream body;
        long size;
        try {
            held.drain();
            writer.write(file, live);
            size = Files.size(file);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            body = gzip ? StreamedDump.gzipped(channel, file, held) : StreamedDump.raw(channel, file, held, size);
        } catch (IOException | RuntimeException e) {
            held.close();
            Files.deleteIfExists(file);
            throw e instanceof HttpError ? (HttpError) e : failed(e);
        }
        r.auditDetail("streamed live=" + live + " gzip=" + gzip + " hprofBytes=" + size);
        String name = "heapdump-" + JvmInfo.pid() + "-" + IsoTime.compact(System.currentTimeMillis()) + ".hprof" + (gzip ? ".gz" : "");
        Reply reply = gzip ? Reply.stream(200, GZIP_TYPE, body, -1) : Reply.stream(200, Reply.BINARY, body, size);
        return reply.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
    }

    /** {@code POST /heapdumps}: 202 at once; the dump is written in the background, now or right after the next GC. */
    Reply create(Request r) {
        dumps.writer().checkSupported();
        Map<String, Object> body = jsonBody(r);
        String when = option(r, body, "when", "now");
        String liveText = option(r, body, "live", "true");
        if (!liveText.equalsIgnoreCase("true") && !liveText.equalsIgnoreCase("false")) {
            throw HttpError.badRequest("live=" + liveText + " is not a boolean", "use live=true (only reachable objects) or live=false");
        }
        boolean live = Boolean.parseBoolean(liveText);
        Boolean upload = uploadOption(option(r, body, "upload", null));
        if (!when.equals("now") && !when.equals("after-next-gc")) {
            throw HttpError.badRequest("when=" + when + " is not known", "use when=now (the default) or when=after-next-gc");
        }
        DumpSlot.Held held = dumps.take("stored dump requested by " + r.client());
        StoredDump d;
        try {
            dumps.writer().checkSpace();
            if (when.equals("now")) {
                d = dumps.store().create(StoredDump.MANUAL, live, DumpStatus.PENDING);
                d.uploadAsked = upload;
                dumps.inBackground(d, held);
            } else {
                d = dumps.store().create(StoredDump.AFTER_GC, live, DumpStatus.WAITING_FOR_GC);
                d.uploadAsked = upload;
                afterGc.await(d, held);
            }
        } catch (RuntimeException e) {
            held.close();
            throw e;
        }
        r.auditDetail("id=" + d.id + " when=" + when + " live=" + live + (upload == null ? "" : " upload=" + upload));
        String location = router.prefix() + "/heapdumps/" + d.id;
        return Reply.json(202, d.toJson(router.prefix())).header("Location", location);
    }

    /** {@code upload=true|false} of a dump request; null when absent (then heapdump.upload decides). */
    private Boolean uploadOption(String text) {
        if (text == null) {
            return null;
        }
        if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
            throw HttpError.badRequest("upload=" + text + " is not a boolean", "use upload=true (upload this dump) or upload=false (keep it local)");
        }
        if (Boolean.parseBoolean(text)) {
            uploads.checkEnabled();
        }
        return Boolean.parseBoolean(text);
    }

    /** {@code POST /heapdumps/<id>/upload}: uploads (again) a stored dump; 202, progress in GET /heapdumps. */
    Reply upload(Request r) {
        StoredDump d = find(r);
        uploads.checkEnabled();
        if (d.upload != null && d.upload.localDeleted()) {
            throw new HttpError(409, "dump " + d.id + " was uploaded and its local file deleted", "it is at " + d.upload.url());
        }
        ready(r);
        uploads.start(d);
        r.auditDetail("id=" + d.id);
        return Reply.json(202, d.toJson(router.prefix())).header("Location", router.prefix() + "/heapdumps/" + d.id);
    }

    /** {@code GET /heapdumps}: the index, and what the automatic rule has done. */
    Reply list(Request r) {
        List<Object> items = new ArrayList<Object>();
        for (StoredDump d : dumps.store().all()) {
            items.add(d.toJson(router.prefix()));
        }
        Map<String, Object> auto = new LinkedHashMap<String, Object>();
        auto.put("taken", rule.taken());
        auto.put("armed", rule.armed());
        Map<String, Object> out = new LinkedHashMap<String, Object>();
        out.put("dumps", items);
        out.put("running", dumps.busyWith());
        out.put("automatic", auto);
        return Reply.json(200, out);
    }

    /** {@code GET /heapdumps/<id>}: the whole file, or one byte range of it so a broken transfer can resume. */
    Reply download(Request r) throws IOException {
        StoredDump local = find(r);
        if (local.upload != null && local.upload.localDeleted()) {
            return uploaded(r, local);
        }
        StoredDump d = ready(r);
        return RangedDownload.of(r, d.file, d.id, "\"" + d.sha256() + "\"", "heapdump-" + d.id + ".hprof");
    }

    /** A dump only in the bucket now: 307 to a presigned URL of the object, or its s3:// URL when none can be signed. */
    private Reply uploaded(Request r, StoredDump d) {
        String url = uploads.objectUrl(d);
        Map<String, Object> out = new LinkedHashMap<String, Object>();
        out.put("id", d.id);
        out.put("url", d.upload.url());
        r.auditDetail("id=" + d.id + " redirect=" + d.upload.url());
        if (url == null) {
            out.put("hint", "the local file was deleted after the upload; fetch it with e.g. aws s3 cp " + d.upload.url() + " .");
            return Reply.json(200, out);
        }
        out.put("location", "a presigned GET URL of the object, valid 15 minutes");
        return Reply.json(307, out).header("Location", url);
    }

    /** {@code DELETE /heapdumps/<id>}. */
    Reply delete(Request r) {
        StoredDump d = find(r);
        if (!d.finished()) {
            throw new HttpError(409, "dump " + d.id + " is " + d.status(), "delete it once it is ready or failed");
        }
        dumps.store().delete(d);
        r.auditDetail("id=" + d.id);
        Map<String, Object> out = new LinkedHashMap<String, Object>();
        out.put("deleted", d.id);
        return Reply.json(200, out);
    }

    private StoredDump ready(Request r) {
        StoredDump d = find(r);
        if (d.status() == DumpStatus.FAILED) {
            throw new HttpError(409, "dump " + d.id + " failed", "see GET /heapdumps for why, and take another");
        }
        if (d.status() != DumpStatus.READY || !Files.isRegularFile(d.file)) {
            throw new HttpError(409, "dump " + d.id + " is " + d.status(), "retry when GET /heapdumps shows it ready")
                    .header("Retry-After", "2");
        }
        return d;
    }

    /** Looks the id up in the index only: whatever a client sends, it never becomes a path. */
    private StoredDump find(Request r) {
        StoredDump d = dumps.store().find(r.pathParam("id"));
        if (d == null) {
            throw HttpError.notFound("no stored heap dump has this id", "GET /heapdumps lists the stored dumps and their ids");
        }
        return d;
    }

    private static Map<String, Object> jsonBody(Request r) {
        String text = r.bodyText().trim();
        if (text.isEmpty()) {
            return new LinkedHashMap<String, Object>();
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = Json.gson().fromJson(text, Map.class);
            return m == null ? new LinkedHashMap<String, Object>() : m;
        } catch (RuntimeException e) {
            throw HttpError.badRequest("the body is not a JSON object", "send {\"when\": \"after-next-gc\"} or no body");
        }
    }

    private static String option(Request r, Map<String, Object> body, String name, String dflt) {
        String q = r.query(name);
        if (q != null) {
            return q;
        }
        Object v = body.get(name);
        return v == null ? dflt : String.valueOf(v);
    }

    private static HttpError failed(Exception e) {
        return new HttpError(500, "writing the heap dump failed: " + e.getMessage(), "check heapdump.dir and its free space; see agent.log");
    }
}
