package io.opsagent.http;

import io.opsagent.util.Json;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An answer: status, type, headers, and a body of bytes or a stream (with its length, or -1 for chunked). */
public final class Reply {
    public static final String JSON = "application/json; charset=utf-8";
    public static final String HEALTH_JSON = "application/health+json; charset=utf-8";
    public static final String TEXT = "text/plain; charset=utf-8";
    public static final String HTML = "text/html; charset=utf-8";
    public static final String BINARY = "application/octet-stream";

    private final int status;
    private final String contentType;
    private InputStream body;
    /** Kept apart from {@link #body}, which wrappers replace: the body is what is closed, this is what is sent. */
    private final FileRegion region;
    private final long length;
    private final Map<String, String> headers = new LinkedHashMap<String, String>();
    private boolean closeConnection;

    private Reply(int status, String contentType, InputStream body, long length) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        this.region = body instanceof FileRegion && ((FileRegion) body).channel() != null ? (FileRegion) body : null;
        this.length = length;
    }

    public static Reply json(int status, Object value) {
        return bytes(status, JSON, Json.toJson(value).getBytes(StandardCharsets.UTF_8));
    }

    public static Reply json(int status, String contentType, Object value) {
        return bytes(status, contentType, Json.toJson(value).getBytes(StandardCharsets.UTF_8));
    }

    public static Reply text(int status, String text) {
        return bytes(status, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    public static Reply bytes(int status, String contentType, byte[] body) {
        return new Reply(status, contentType, new ByteArrayInputStream(body), body.length);
    }

    /** A streamed body; closing the stream is the cue that the transfer ended (sent or abandoned). */
    public static Reply stream(int status, String contentType, InputStream body, long length) {
        return new Reply(status, contentType, body, length);
    }

    public static Reply empty(int status) {
        return bytes(status, TEXT, new byte[0]);
    }

    public Reply header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Close the connection after this answer (e.g. after a request we could not fully read). */
    public Reply closeConnection() {
        this.closeConnection = true;
        return this;
    }

    /** The same answer with its body wrapped, e.g. to learn when the transfer ends. */
    Reply withBody(InputStream wrapped) {
        this.body = wrapped;
        return this;
    }

    public int status() {
        return status;
    }

    public String contentType() {
        return contentType;
    }

    public InputStream body() {
        return body;
    }

    /** The body as a file region to send with sendfile, or null when it is not one. */
    FileRegion fileRegion() {
        return region;
    }

    public long length() {
        return length;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public boolean closesConnection() {
        return closeConnection;
    }
}
