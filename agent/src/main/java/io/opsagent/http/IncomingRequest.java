package io.opsagent.http;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request as the gate sees it, independent of the HTTP server underneath: method, decoded path,
 * query parameters, headers by lower-case name, the unread body, and the client's address. The
 * server adapter builds it; tests build it directly.
 */
public final class IncomingRequest {
    private final String method;
    private final String uri;
    private final Map<String, List<String>> query;
    private final Map<String, String> headers;
    private final InputStream body;
    private final String client;
    private final X509Certificate peer;

    IncomingRequest(String method, String uri, Map<String, List<String>> query, Map<String, String> headers, InputStream body,
            String client, X509Certificate peer) {
        this.method = method;
        this.uri = uri == null ? "/" : uri;
        this.query = query == null ? Collections.<String, List<String>>emptyMap() : query;
        this.headers = new LinkedHashMap<String, String>();
        if (headers != null) {
            for (Map.Entry<String, String> h : headers.entrySet()) {
                this.headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue());
            }
        }
        this.body = body == null ? new ByteArrayInputStream(new byte[0]) : body;
        this.client = client == null ? "unknown" : client;
        this.peer = peer;
    }

    /** A request without query or body, for tests and internal callers. */
    static IncomingRequest of(String method, String uri, Map<String, String> headers, String client) {
        return new IncomingRequest(method, uri, null, headers, null, client, null);
    }

    String method() {
        return method;
    }

    /** The percent-decoded path, prefix included. */
    String uri() {
        return uri;
    }

    Map<String, List<String>> query() {
        return query;
    }

    /** A header by lower-case name, or null. */
    String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }

    Map<String, String> headers() {
        return headers;
    }

    InputStream body() {
        return body;
    }

    String client() {
        return client;
    }

    /** The TLS client's verified certificate, or null. */
    X509Certificate peer() {
        return peer;
    }

    /**
     * True when the request says a body follows. A body nobody read would be taken as the next request on a
     * kept-alive connection, so answers to such requests close the connection.
     */
    boolean announcesBody() {
        String cl = headers.get("content-length");
        return (cl != null && !cl.trim().equals("0")) || headers.get("transfer-encoding") != null;
    }

    /** Rough size of the request line and headers, for the 431 gate. */
    int headerBytes() {
        int n = uri.length() + 16;
        for (Map.Entry<String, List<String>> q : query.entrySet()) {
            n += q.getKey().length() + 2;
            for (String v : q.getValue()) {
                n += v == null ? 0 : v.length() + 1;
            }
        }
        for (Map.Entry<String, String> h : headers.entrySet()) {
            n += h.getKey().length() + h.getValue().length() + 4;
        }
        return n;
    }
}
