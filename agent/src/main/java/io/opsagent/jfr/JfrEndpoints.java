package io.opsagent.jfr;

import io.opsagent.config.Values;
import io.opsagent.heap.RangedDownload;
import io.opsagent.http.HttpError;
import io.opsagent.http.Reply;
import io.opsagent.http.Request;
import io.opsagent.http.RequestOptions;
import io.opsagent.http.Router;
import io.opsagent.util.RandomHex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code POST /jfr}, {@code GET /jfr}, {@code GET /jfr/<id>} (Range like heap dumps) and {@code DELETE /jfr/<id>}. */
final class JfrEndpoints {
    /** Recordings kept at once (running or stopped); beyond it the client deletes one first. */
    static final int MAX_RECORDINGS = 8;
    static final long MAX_DURATION_MILLIS = 24L * 3_600_000;
    private static final Pattern SIZE = Pattern.compile("\\d{1,12}[kmg]?");

    private final Recordings recordings;
    private final Router router;

    JfrEndpoints(Recordings recordings, Router router) {
        this.recordings = recordings;
        this.router = router;
    }

    Reply start(Request r) throws Exception {
        Jfr.require();
        RequestOptions o = RequestOptions.of(r, "{\"settings\":\"profile\",\"duration\":\"60s\"}");
        String settings = o.get("settings", "default").toLowerCase(Locale.ROOT);
        if (!settings.equals("default") && !settings.equals("profile")) {
            throw HttpError.badRequest("settings=" + settings + " is not known", "use settings=default (about 1% overhead) or settings=profile (more detail, about 2%)");
        }
        String d = o.get("duration", null);
        long millis = 0;
        if (d != null) {
            try {
                millis = Values.parseDurationMillis(d);
            } catch (IllegalArgumentException e) {
                throw HttpError.badRequest("duration=" + d + " " + e.getMessage(), "e.g. duration=60s; omit it to record until DELETE");
            }
            if (millis < 1000 || millis > MAX_DURATION_MILLIS) {
                throw HttpError.badRequest("duration=" + d + " is out of bounds", "from 1s to 24h");
            }
        }
        String maxSize = o.get("maxsize", null);
        if (maxSize != null && !SIZE.matcher(maxSize.toLowerCase(Locale.ROOT)).matches()) {
            throw HttpError.badRequest("maxsize=" + maxSize + " is not a size", "e.g. maxsize=100m");
        }
        if (recordings.count() >= MAX_RECORDINGS) {
            throw new HttpError(409, "the agent already keeps " + MAX_RECORDINGS + " recordings", "DELETE /jfr/<id> one you no longer need");
        }
        String id = RandomHex.of(6);
        JfrRecording rec = new JfrRecording(id, settings, System.currentTimeMillis(), millis, maxSize == null ? null : maxSize.toLowerCase(Locale.ROOT),
                recordings.dir().resolve(id + ".jfr"));
        List<String> opts = new ArrayList<String>();
        opts.add("settings=" + settings);
        if (millis > 0) {
            opts.add("duration=" + (millis / 1000) + "s");
            opts.add("filename=" + rec.file.toAbsolutePath());
        }
        if (rec.maxSize != null) {
            opts.add("maxsize=" + rec.maxSize);
        }
        try {
            Jfr.start(rec.name, opts.toArray(new String[0]));
        } catch (IllegalArgumentException e) {
            throw new HttpError(500, "JFR.start failed: " + e.getMessage(), "see GET /jfr and the agent log");
        }
        recordings.add(rec);
        r.auditDetail("id=" + id + " settings=" + settings + (millis > 0 ? " duration=" + millis + "ms" : "") + (maxSize != null ? " maxsize=" + maxSize : ""));
        return Reply.json(201, rec.toJson(router.prefix())).header("Location", router.prefix() + "/jfr/" + id);
    }

    Reply list(Request r) {
        List<Object> items = new ArrayList<Object>();
        for (JfrRecording rec : recordings.all()) {
            items.add(rec.toJson(router.prefix()));
        }
        Map<String, Object> out = new LinkedHashMap<String, Object>();
        out.put("available", Jfr.unavailable() == null);
        out.put("recordings", items);
        return Reply.json(200, out);
    }

    /** A running recording is dumped first (what it holds so far); a stopped one is sent as it is. */
    Reply download(Request r) throws Exception {
        JfrRecording rec = find(r);
        // a Range request resumes the snapshot already sent in part; a plain GET takes a fresh one
        if (rec.running() && (r.header("Range") == null || !Files.isRegularFile(rec.file))) {
            try {
                Jfr.dump(rec.name, rec.file);
            } catch (IllegalArgumentException e) {
                throw new HttpError(500, "JFR.dump failed: " + e.getMessage(), "retry; GET /jfr shows the recording's state");
            }
        }
        if (!Files.isRegularFile(rec.file)) {
            throw new HttpError(409, "recording " + rec.id + " has no file yet", "retry when it has ended, or once it has recorded something")
                    .header("Retry-After", "2");
        }
        return ranged(r, rec.file, rec.id);
    }

    Reply delete(Request r) throws IOException {
        JfrRecording rec = find(r);
        if (rec.running()) {
            Jfr.stopQuietly(rec.name);
        }
        rec.stopped();
        Files.deleteIfExists(rec.file);
        recordings.remove(rec);
        r.auditDetail("id=" + rec.id);
        Map<String, Object> out = new LinkedHashMap<String, Object>();
        out.put("deleted", rec.id);
        return Reply.json(200, out);
    }

    /** The file, or one byte range of it; the ETag changes with every new dump, so a resume never mixes two. */
    static Reply ranged(Request r, Path file, String id) throws IOException {
        return RangedDownload.of(r, file, id, "\"" + Files.size(file) + "-" + Files.getLastModifiedTime(file).toMillis() + "\"",
                "recording-" + id + ".jfr");
    }

    private JfrRecording find(Request r) {
        JfrRecording rec = recordings.find(r.pathParam("id"));
        if (rec == null) {
            throw HttpError.notFound("no recording has this id", "GET /jfr lists the recordings and their ids");
        }
        return rec;
    }
}
