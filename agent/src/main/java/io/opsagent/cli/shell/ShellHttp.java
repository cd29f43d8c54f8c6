package io.opsagent.cli.shell;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The console's HTTP calls, with {@link HttpURLConnection} only: the CLI must run on a bare Java 8. */
final class ShellHttp {
    static final int CONNECT_TIMEOUT = 5_000;
    /** A live class histogram or a full GC on a big heap can take a while. */
    static final int READ_TIMEOUT = 120_000;
    static final int MAX_ANSWER = 32 * 1024 * 1024;

    /** An answer: status, type and body text. */
    static final class Answer {
        final int status;
        final String type;
        final String body;
        /** The answer's headers, kept for downloads (e.g. which profiler engine ran). */
        java.util.Map<String, java.util.List<String>> headers = java.util.Collections.emptyMap();

        Answer(int status, String type, String body) {
            this.status = status;
            this.type = type == null ? "" : type;
            this.body = body;
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }

        boolean isJson() {
            return type.contains("json");
        }

        JsonElement json() {
            return JsonParser.parseString(body);
        }

        /** The contract's error body as one line: "error (hint)". */
        String errorLine() {
            try {
                JsonObject o = json().getAsJsonObject();
                String hint = o.has("hint") && !o.get("hint").isJsonNull() ? o.get("hint").getAsString() : null;
                return status + ": " + o.get("error").getAsString() + (hint == null ? "" : " (" + hint + ")");
            } catch (RuntimeException e) {
                String b = body.trim();
                return status + (b.isEmpty() ? "" : ": " + (b.length() > 200 ? b.substring(0, 200) + "..." : b));
            }
        }
    }

    private final Target target;

    ShellHttp(Target target) {
        this.target = target;
    }

    Answer get(String path, String accept) throws IOException {
        return call("GET", path, accept, null);
    }

    Answer post(String path, String json) throws IOException {
        return call("POST", path, "application/json", json);
    }

    /** Any other method, e.g. DELETE. */
    Answer send(String method, String path) throws IOException {
        return call(method, path, "application/json", null);
    }

    private HttpURLConnection open(String method, String path, String accept) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(target.url + path).openConnection();
        c.setRequestMethod(method);
        c.setConnectTimeout(CONNECT_TIMEOUT);
        c.setReadTimeout(READ_TIMEOUT);
        c.setInstanceFollowRedirects(false);
        if (target.token != null) {
            c.setRequestProperty("Authorization", "Bearer " + target.token);
        }
        if (accept != null) {
            c.setRequestProperty("Accept", accept);
        }
        return c;
    }

    private Answer call(String method, String path, String accept, String json) throws IOException {
        HttpURLConnection c = open(method, path, accept);
        try {
            if (json != null) {
                byte[] body = json.getBytes(StandardCharsets.UTF_8);
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", "application/json");
                c.setFixedLengthStreamingMode(body.length);
                try (OutputStream o = c.getOutputStream()) {
                    o.write(body);
                }
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            return new Answer(status, c.getContentType(), in == null ? "" : readAll(in));
        } finally {
            c.disconnect();
        }
    }

    /** Streams a download into {@code file} (via a .part file, so a broken transfer leaves no half dump under the real name). */
    Answer download(String path, Path file, ProgressBar progress) throws IOException {
        return download("GET", path, file, progress);
    }

    /** A download answering a POST, such as a profile, which arrives when its duration is over. */
    Answer download(String method, String path, Path file, ProgressBar progress) throws IOException {
        HttpURLConnection c = open(method, path, "application/octet-stream");
        c.setReadTimeout(0); // the agent may spend minutes writing the dump before the first byte
        try {
            int status = c.getResponseCode();
            if (status != 200) {
                InputStream err = c.getErrorStream();
                return new Answer(status, c.getContentType(), err == null ? "" : readAll(err));
            }
            long length = c.getContentLengthLong();
            Path part = file.resolveSibling(file.getFileName() + ".part");
            long done = 0;
            try (InputStream in = c.getInputStream(); OutputStream out = Files.newOutputStream(part)) {
                byte[] buf = new byte[64 * 1024];
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                    done += n;
                    progress.update(done, length);
                }
            } catch (IOException e) {
                Files.deleteIfExists(part);
                throw e;
            }
            progress.finish(done, length);
            if (length >= 0 && done != length) {
                Files.deleteIfExists(part);
                throw new IOException("the transfer ended after " + done + " of " + length + " bytes");
            }
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING);
            Answer ok = new Answer(200, c.getContentType(), String.valueOf(done));
            ok.headers = c.getHeaderFields();
            return ok;
        } finally {
            c.disconnect();
        }
    }

    private static String readAll(InputStream in) throws IOException {
        try (InputStream i = in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[16 * 1024];
            int n;
            while ((n = i.read(buf)) > 0) {
                if (out.size() + n > MAX_ANSWER) {
                    throw new IOException("the answer is larger than " + MAX_ANSWER + " bytes");
                }
                out.write(buf, 0, n);
            }
            return new String(out.toByteArray(), StandardCharsets.UTF_8);
        }
    }
}
