package io.opsagent.http;

import fi.iki.elonen.NanoHTTPD;
import io.opsagent.util.IsoTime;
import io.opsagent.util.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one {@link Reply} for NanoHTTPD, which still parses the request and decides keep-alive.
 * Its own {@code send} is replaced for two reasons: it builds a {@code SimpleDateFormat} per answer
 * (calendar and locale classes, about 40 of them, and their allocation, on the first request), and it
 * copies every body through a 16 KiB buffer. Here a file body goes out with sendfile on a plain
 * connection and through a {@link #FILE_BUFFER} buffer otherwise; other bodies are copied as before.
 */
final class ReplyResponse extends NanoHTTPD.Response {
    /** For file bodies that cannot use sendfile (TLS): fewer, larger TLS writes. */
    static final int FILE_BUFFER = 256 * 1024;
    private static final int BUFFER = 16 * 1024;

    /** "200 OK": NanoHTTPD's description holds the code. */
    private final String statusLine;
    private final String contentType;
    private final InputStream body;
    private final FileRegion region;
    /** Bytes of body to send; -1 = chunked (length unknown). */
    private final long length;
    /** The length announced for a HEAD answer, which sends no body. */
    private final long headLength;
    private final List<String[]> headers = new ArrayList<String[]>();
    private boolean keepAlive = true;
    private boolean close;

    private ReplyResponse(IStatus status, String contentType, InputStream body, FileRegion region, long length, long headLength) {
        super(status, contentType, body, Math.max(length, 0));
        this.statusLine = status.getDescription();
        this.contentType = contentType;
        this.body = body;
        this.region = region;
        this.length = length;
        this.headLength = headLength;
    }

    static ReplyResponse of(IStatus status, Reply reply) {
        return new ReplyResponse(status, reply.contentType(), reply.body(), reply.fileRegion(), reply.length(), reply.length());
    }

    /** Headers and length of the reply, no body (HEAD); the reply's body is closed at once. */
    static ReplyResponse headersOnly(IStatus status, Reply reply) {
        try {
            reply.body().close();
        } catch (IOException e) {
            Log.debug("closing a HEAD answer's body: " + e);
        }
        return new ReplyResponse(status, reply.contentType(), null, null, 0, Math.max(reply.length(), 0));
    }

    @Override
    public void addHeader(String name, String value) {
        super.addHeader(name, value); // NanoHTTPD reads some back (connection)
        headers.add(new String[] {name, value});
    }

    @Override
    public void closeConnection(boolean close) {
        super.closeConnection(close);
        this.close = close;
    }

    @Override
    public void setKeepAlive(boolean keepAlive) {
        super.setKeepAlive(keepAlive);
        this.keepAlive = keepAlive;
    }

    @Override
    protected void send(OutputStream out) {
        try {
            out.write(head().getBytes(StandardCharsets.UTF_8));
            if (length < 0) {
                sendChunked(out);
            } else if (length > 0) {
                sendFixed(out);
            }
            out.flush();
        } catch (IOException e) {
            // NanoHTTPD's send cannot throw; a SocketException tells its session the connection is done
            SocketException gone = new SocketException("the answer was not sent whole: " + e);
            gone.initCause(e);
            throw Sneaky.<RuntimeException>rethrow(gone);
        } finally {
            closeBody();
        }
    }

    private String head() {
        StringBuilder h = new StringBuilder(256);
        h.append("HTTP/1.1 ").append(statusLine).append("\r\n");
        if (contentType != null) {
            line(h, "Content-Type", contentType);
        }
        line(h, "Date", IsoTime.http(System.currentTimeMillis()));
        for (String[] header : headers) {
            line(h, header[0], header[1]);
        }
        line(h, "Connection", close || !keepAlive ? "close" : "keep-alive");
        if (length < 0) {
            line(h, "Transfer-Encoding", "chunked");
        } else {
            line(h, "Content-Length", Long.toString(body == null ? headLength : length));
        }
        return h.append("\r\n").toString();
    }

    private static void line(StringBuilder h, String name, String value) {
        h.append(name).append(": ").append(value).append("\r\n");
    }

    private void sendFixed(OutputStream out) throws IOException {
        OutputStream target = out instanceof OpsHttpServer.WriteTracking ? ((OpsHttpServer.WriteTracking) out).target() : out;
        if (region != null && target instanceof ChannelOutput) {
            ChannelOutput channel = (ChannelOutput) target;
            long left = length;
            while (left > 0) {
                long n = channel.sendFile(region.channel(), region.position(), left);
                region.sent(n);
                left -= n;
            }
            return;
        }
        byte[] buf = new byte[region != null ? FILE_BUFFER : (int) Math.min(BUFFER, length)];
        long left = length;
        while (left > 0) {
            int n = body.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new java.io.EOFException("the body ended " + left + " bytes before its length");
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    private void sendChunked(OutputStream out) throws IOException {
        byte[] buf = new byte[BUFFER];
        int n;
        while ((n = body.read(buf)) >= 0) {
            if (n > 0) {
                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(buf, 0, n);
                out.write(CRLF);
            }
        }
        out.write(LAST_CHUNK);
    }

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = {'0', '\r', '\n', '\r', '\n'};

    private void closeBody() {
        if (body == null) {
            return;
        }
        try {
            body.close();
        } catch (IOException e) {
            Log.debug("closing an answer's body: " + e);
        }
    }

    /** Throws a checked exception through a method that declares none. */
    private static final class Sneaky {
        @SuppressWarnings("unchecked")
        static <T extends Throwable> T rethrow(Throwable t) throws T {
            throw (T) t;
        }
    }
}
