package io.opsagent.http;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Finds where one request ends in the bytes received so far, and refuses what the parser behind it
 * would drop silently or misread: a broken request line, a bad percent-escape, a header line without a
 * name, an oversized head, a chunked or oversized body. Pure: bytes in, a frame or an {@link HttpError} out.
 */
final class RequestFraming {
    /** NanoHTTPD reads the head into an 8 KiB buffer and silently cuts the rest: a longer head is refused. */
    static final int MAX_HEAD_BYTES = 8192;
    /** The most bytes one request may occupy: a head and the largest body a handler accepts. */
    static final int MAX_REQUEST_BYTES = MAX_HEAD_BYTES + Request.MAX_BODY_BYTES;

    private RequestFraming() {
    }

    /** One complete request: its length in the buffer, and what the server needs before the parser sees it. */
    static final class Frame {
        final int length;
        final String method;
        final String target;
        final boolean close;

        Frame(int length, String method, String target, boolean close) {
            this.length = length;
            this.method = method;
            this.target = target;
            this.close = close;
        }
    }

    /** The complete request at the start of {@code buf}, or null when more bytes are needed. */
    static Frame frame(byte[] buf, int len) {
        int headEnd = headEnd(buf, len);
        if (headEnd < 0) {
            if (len >= MAX_HEAD_BYTES) {
                throw new HttpError(431, "the request head is longer than " + MAX_HEAD_BYTES + " bytes",
                        "send fewer or shorter headers").closingConnection();
            }
            return null;
        }
        String head = new String(buf, 0, headEnd, StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r?\n");
        int first = 0;
        while (first < lines.length && lines[first].isEmpty()) {
            first++; // RFC 9112 2.2: ignore empty lines before the request line
        }
        if (first == lines.length) {
            throw bad("the request has no request line", "send 'GET /path HTTP/1.1' first");
        }
        String[] parts = lines[first].split(" ", -1);
        if (parts.length != 3 || !isToken(parts[0]) || parts[1].isEmpty()) {
            throw bad("the request line is not 'METHOD /path HTTP/1.1'", "send 'GET /path HTTP/1.1'");
        }
        String method = parts[0];
        String target = parts[1];
        String version = parts[2];
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            throw bad("HTTP version '" + version + "' is not served", "use HTTP/1.1");
        }
        checkTarget(target);
        long contentLength = -1;
        boolean close = version.equals("HTTP/1.0");
        for (int i = first + 1; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line.substring(0, colon))) {
                throw bad("header line " + (i - first) + " is not 'Name: value'", "send each header as 'Name: value' on its own line");
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                long n = contentLength(value);
                if (contentLength >= 0 && n != contentLength) {
                    throw bad("two Content-Length headers disagree", "send one Content-Length");
                }
                contentLength = n;
            } else if (name.equals("transfer-encoding")) {
                throw new HttpError(411, "chunked request bodies are not accepted", "send the body with a Content-Length header")
                        .closingConnection();
            } else if (name.equals("connection")) {
                String v = value.toLowerCase(Locale.ROOT);
                close = v.contains("close") || (close && !v.contains("keep-alive"));
            }
        }
        if (contentLength > Request.MAX_BODY_BYTES) {
            throw new HttpError(413, "the request body has " + contentLength + " bytes, more than the " + Request.MAX_BODY_BYTES + " allowed",
                    "send a smaller JSON body").closingConnection();
        }
        int total = headEnd + (int) Math.max(0, contentLength);
        return len >= total ? new Frame(total, method, target, close) : null;
    }

    /** The path part of a request target, still percent-encoded. */
    static String rawPath(String target) {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** Index just past the empty line ending the head (CRLF CRLF, or LF LF as NanoHTTPD accepts), or -1. */
    private static int headEnd(byte[] buf, int len) {
        int limit = Math.min(len, MAX_HEAD_BYTES);
        for (int i = 0; i < limit; i++) {
            if (buf[i] != '\n') {
                continue;
            }
            if (i + 1 < limit && buf[i + 1] == '\n') {
                return i + 2;
            }
            if (i + 2 < limit && buf[i + 1] == '\r' && buf[i + 2] == '\n') {
                return i + 3;
            }
        }
        return -1;
    }

    private static void checkTarget(String target) {
        if (target.charAt(0) != '/') {
            throw bad("the request target '" + shorten(target) + "' does not start with '/'", "send a path such as /health/live");
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw bad("the request target has a character that must be percent-encoded", "encode it as %XX");
            }
            if (c == '%' && (i + 2 >= target.length() || !isHex(target.charAt(i + 1)) || !isHex(target.charAt(i + 2)))) {
                throw bad("the request target has a bad percent-escape at position " + i, "write '%' as %25 and escapes as % and two hex digits");
            }
        }
    }

    private static long contentLength(String value) {
        if (value.isEmpty() || value.length() > 18) {
            throw bad("Content-Length '" + shorten(value) + "' is not a number", "send a valid Content-Length");
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                throw bad("Content-Length '" + shorten(value) + "' is not a number", "send a valid Content-Length");
            }
        }
        return Long.parseLong(value);
    }

    /** RFC 9110 token characters: what a method or a header name may contain. */
    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    private static HttpError bad(String error, String hint) {
        return HttpError.badRequest(error, hint).closingConnection();
    }
}
