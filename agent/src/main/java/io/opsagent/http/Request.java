package io.opsagent.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request as a handler sees it: the path below {@code path.prefix}, path parameters, query,
 * headers, the caller's role and address, and a body read on demand and bounded in size.
 */
public final class Request {
    /** Bodies are small JSON documents; anything bigger is refused with 413 before it is read. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private final IncomingRequest in;
    private final String method;
    private final String path;
    private final Map<String, String> pathParams;
    private final Role role;
    private String auditDetail;
    private byte[] body;

    Request(IncomingRequest in, String method, String path, Map<String, String> pathParams, Role role) {
        this.in = in;
        this.method = method;
        this.path = path;
        this.pathParams = pathParams;
        this.role = role;
    }

    public String method() {
        return method;
    }

    /** The path below the prefix, already percent-decoded by NanoHTTPD: never build a file path from it. */
    public String path() {
        return path;
    }

    public String pathParam(String name) {
        return pathParams.get(name);
    }

    /** The first value of a query parameter, or null. */
    public String query(String name) {
        List<String> values = in.query().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** A query parameter that must be true or false, or the default when absent. */
    public boolean queryFlag(String name, boolean dflt) {
        String v = query(name);
        if (v == null) {
            return dflt;
        }
        if (v.equalsIgnoreCase("true") || v.isEmpty()) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw HttpError.badRequest("query parameter " + name + "=" + v + " is not a boolean", "use " + name + "=true or " + name + "=false");
    }

    public Map<String, List<String>> queryAll() {
        return Collections.unmodifiableMap(in.query());
    }

    /** A header by case-insensitive name, or null. */
    public String header(String name) {
        return in.header(name.toLowerCase(Locale.ROOT));
    }

    public Role role() {
        return role;
    }

    /** The client's address, as the audit log records it. */
    public String client() {
        return in.client();
    }

    /** What the audit line should add about this request (e.g. the dump id or command name). */
    public void auditDetail(String detail) {
        this.auditDetail = detail;
    }

    String auditDetail() {
        return auditDetail;
    }

    /** The body as UTF-8 text; empty when there is none. 413 beyond {@link #MAX_BODY_BYTES}, 411 for chunked bodies. */
    public String bodyText() {
        return new String(body(), StandardCharsets.UTF_8);
    }

    public byte[] body() {
        if (body != null) {
            return body;
        }
        String te = header("transfer-encoding");
        if (te != null && !te.equalsIgnoreCase("identity")) {
            throw new HttpError(411, "chunked request bodies are not accepted", "send the body with a Content-Length header").closingConnection();
        }
        String cl = header("content-length");
        long length;
        try {
            length = cl == null ? 0 : Long.parseLong(cl.trim());
        } catch (NumberFormatException e) {
            throw HttpError.badRequest("Content-Length '" + cl + "' is not a number", "send a valid Content-Length").closingConnection();
        }
        if (length < 0) {
            throw HttpError.badRequest("Content-Length is negative", "send a valid Content-Length").closingConnection();
        }
        if (length > MAX_BODY_BYTES) {
            throw new HttpError(413, "the request body has " + length + " bytes, more than the " + MAX_BODY_BYTES + " allowed",
                    "send a smaller JSON body").closingConnection();
        }
        body = readFully(in.body(), (int) length);
        return body;
    }

    static byte[] readFully(InputStream in, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length);
        byte[] buf = new byte[Math.min(Math.max(length, 1), 8192)];
        int left = length;
        try {
            while (left > 0) {
                int n = in.read(buf, 0, Math.min(buf.length, left));
                if (n < 0) {
                    throw HttpError.badRequest("the request body ended after " + (length - left) + " of " + length + " bytes",
                            "send as many bytes as Content-Length says").closingConnection();
                }
                out.write(buf, 0, n);
                left -= n;
            }
        } catch (IOException e) {
            throw HttpError.badRequest("reading the request body failed: " + e.getMessage(), "retry the request").closingConnection();
        }
        return out.toByteArray();
    }

    /** True once the body was read or is empty: otherwise the connection cannot be reused safely. */
    boolean bodyConsumed() {
        return body != null || !in.announcesBody();
    }
}
