package io.opsagent.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An error answer written by the connection loops themselves, before any parser or handler ran (bad
 * framing, overload, timeout): always {@code {"error","hint"}} and always {@code Connection: close}.
 */
final class RawAnswer {
    private RawAnswer() {
    }

    static byte[] of(HttpError e) {
        Reply r = e.toReply();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (InputStream in = r.body()) {
            byte[] b = new byte[1024];
            for (int n; (n = in.read(b)) > 0; ) {
                body.write(b, 0, n);
            }
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        StringBuilder head = new StringBuilder();
        head.append("HTTP/1.1 ").append(r.status()).append(' ').append(Statuses.reason(r.status())).append("\r\n");
        head.append("Content-Type: ").append(r.contentType()).append("\r\n");
        for (Map.Entry<String, String> h : r.headers().entrySet()) {
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        head.append("Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n");
        head.append("Content-Length: ").append(body.size()).append("\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        out.write(h, 0, h.length);
        byte[] b = body.toByteArray();
        out.write(b, 0, b.length);
        return out.toByteArray();
    }

    static HttpError overloaded() {
        return new HttpError(503, "too many open connections to the agent", "retry in a moment").header("Retry-After", "1");
    }

    static HttpError timedOut(long millis) {
        return new HttpError(408, "the request did not arrive complete within " + millis / 1000 + " s",
                "send the whole request at once");
    }
}
