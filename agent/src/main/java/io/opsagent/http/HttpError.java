package io.opsagent.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error answer in the contract's form, {@code {"error": ..., "hint": ...}}: what went wrong and
 * what to do. Handlers throw it; the router turns it into the response.
 */
public final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String hint;
    private final Map<String, String> headers = new LinkedHashMap<String, String>();
    private final Map<String, Object> extra = new LinkedHashMap<String, Object>();
    private boolean closeConnection;
    private boolean roleTooLow;

    public HttpError(int status, String error, String hint) {
        super(error, null, false, false);
        this.status = status;
        this.hint = hint;
    }

    public static HttpError badRequest(String error, String hint) {
        return new HttpError(400, error, hint);
    }

    public static HttpError notFound(String error, String hint) {
        return new HttpError(404, error, hint);
    }

    /** 403 because the caller's role is too low for what it asked: under {@code stealth} it becomes 404. */
    public static HttpError roleTooLow(String error, String hint) {
        HttpError e = new HttpError(403, error, hint);
        e.roleTooLow = true;
        return e;
    }

    boolean isRoleTooLow() {
        return roleTooLow;
    }

    public HttpError header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Close the connection after answering, when the rest of the request cannot be trusted or read. */
    public HttpError closingConnection() {
        this.closeConnection = true;
        return this;
    }

    /** An extra field in the error body, e.g. the list of valid commands. */
    public HttpError with(String field, Object value) {
        extra.put(field, value);
        return this;
    }

    public int status() {
        return status;
    }

    public String hint() {
        return hint;
    }

    public Reply toReply() {
        Map<String, Object> body = new LinkedHashMap<String, Object>();
        body.put("error", getMessage());
        body.put("hint", hint);
        body.putAll(extra);
        Reply r = Reply.json(status, body);
        for (Map.Entry<String, String> h : headers.entrySet()) {
            r.header(h.getKey(), h.getValue());
        }
        return closeConnection ? r.closeConnection() : r;
    }
}
