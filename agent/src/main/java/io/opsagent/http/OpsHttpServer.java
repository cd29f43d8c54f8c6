package io.opsagent.http;

import fi.iki.elonen.NanoHTTPD;
import io.opsagent.util.CidrRange;
import io.opsagent.util.Log;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.net.ssl.SSLServerSocketFactory;

/**
 * The embedded NanoHTTPD server, hardened: a bounded worker pool, read timeouts, TCP_NODELAY for
 * small answers, client address ranges checked before a byte is read, temp files in the data
 * directory, no gzip (dumps bring their own), and NanoHTTPD's log kept out of the host's logging.
 */
public final class OpsHttpServer extends NanoHTTPD {
    /** A connection that sends nothing for this long is closed (slow clients cannot hold a worker). */
    static final int READ_TIMEOUT_MILLIS = 15_000;

    private final Router router;
    private volatile List<CidrRange> allowed;

    public OpsHttpServer(InetAddress bind, int port, Router router, Path dataDir, int maxConcurrent, SSLServerSocketFactory tls) {
        super(bind.getHostAddress(), port);
        this.router = router;
        setAsyncRunner(new BoundedRunner(maxConcurrent * 4));
        setTempFileManagerFactory(new DataDirTempFiles(dataDir));
        if (tls != null) {
            makeSecure(tls, null);
        }
    }

    /** Starts listening; throws if the port is taken. The listener is a daemon thread named {@code opsagent-http-listener}. */
    public void startListening() throws IOException {
        quietNanoLog();
        start(READ_TIMEOUT_MILLIS, true);
        try {
            Field f = NanoHTTPD.class.getDeclaredField("myThread");
            f.setAccessible(true);
            ((Thread) f.get(this)).setName("opsagent-http-listener");
        } catch (ReflectiveOperationException | RuntimeException e) {
            Log.debug("could not rename the listener thread: " + e);
        }
    }

    /** Closes the socket, the connections and the worker threads, waiting briefly for them to end. */
    public void stopListening() {
        stop();
        try {
            ((BoundedRunner) asyncRunner).awaitStopped(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public void allow(List<CidrRange> ranges) {
        this.allowed = ranges;
    }

    @Override
    protected ClientHandler createClientHandler(Socket socket, InputStream in) {
        try {
            socket.setTcpNoDelay(true);
        } catch (SocketException e) {
            Log.debug("TCP_NODELAY not set: " + e);
        }
        return new Connection(in, socket);
    }

    @Override
    public Response serve(IHTTPSession session) {
        String client = session.getRemoteIpAddress();
        Reply reply = router.serve(session, client == null ? "unknown" : client);
        Response r = session.getMethod() == Method.HEAD ? headersOnly(reply) : newFixedOrChunked(reply);
        for (java.util.Map.Entry<String, String> h : reply.headers().entrySet()) {
            r.addHeader(h.getKey(), h.getValue());
        }
        r.addHeader("Cache-Control", "no-store");
        r.addHeader("X-Content-Type-Options", "nosniff");
        if (reply.closesConnection()) {
            r.closeConnection(true);
        }
        return r;
    }

    private static Response newFixedOrChunked(Reply reply) {
        Response.IStatus status = statusOf(reply.status());
        if (reply.length() < 0) {
            return newChunkedResponse(status, reply.contentType(), reply.body());
        }
        return newFixedLengthResponse(status, reply.contentType(), reply.body(), reply.length());
    }

    /** NanoHTTPD would send a body after HEAD; the answer keeps its headers and length but no body. */
    private static Response headersOnly(Reply reply) {
        try {
            reply.body().close();
        } catch (IOException e) {
            Log.debug("closing a HEAD answer's body: " + e);
        }
        Response r = newFixedLengthResponse(statusOf(reply.status()), reply.contentType(), new java.io.ByteArrayInputStream(new byte[0]), 0);
        if (reply.length() >= 0) {
            r.addHeader("Content-Length", Long.toString(reply.length()));
        }
        return r;
    }

    @Override
    protected boolean useGzipWhenAccepted(Response r) {
        return false;
    }

    private static Response.IStatus statusOf(final int code) {
        for (Response.Status s : Response.Status.values()) {
            if (s.getRequestStatus() == code) {
                return s;
            }
        }
        return new Response.IStatus() {
            @Override
            public String getDescription() {
                return code + " " + reasonOf(code);
            }

            @Override
            public int getRequestStatus() {
                return code;
            }
        };
    }

    private static String reasonOf(int code) {
        switch (code) {
            case 411: return "Length Required";
            case 413: return "Payload Too Large";
            case 429: return "Too Many Requests";
            case 431: return "Request Header Fields Too Large";
            case 501: return "Not Implemented";
            case 507: return "Insufficient Storage";
            default: return "Status";
        }
    }

    /**
     * NanoHTTPD logs broken connections at SEVERE on its own static logger, which would land in the
     * host's log. Only that one logger is changed: it forwards to the agent's log instead.
     */
    private static void quietNanoLog() {
        Logger nano = Logger.getLogger(NanoHTTPD.class.getName());
        nano.setUseParentHandlers(false);
        if (nano.getHandlers().length == 0) {
            nano.addHandler(new Handler() {
                @Override
                public void publish(LogRecord r) {
                    if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                        Log.debug("http: " + r.getMessage() + (r.getThrown() == null ? "" : ": " + r.getThrown()));
                    }
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            });
        }
    }

    /** One client connection; refused before reading when its address is outside {@code allow.cidrs}. */
    final class Connection extends ClientHandler {
        private final Socket socket;

        Connection(InputStream in, Socket socket) {
            super(in, socket);
            this.socket = socket;
        }

        Socket socket() {
            return socket;
        }

        @Override
        public void run() {
            List<CidrRange> ranges = allowed;
            if (ranges != null && !inAny(ranges, socket.getInetAddress())) {
                close();
                asyncRunner.closed(this);
                return;
            }
            super.run();
        }
    }

    private static boolean inAny(List<CidrRange> ranges, InetAddress a) {
        for (CidrRange r : ranges) {
            if (r.contains(a)) {
                return true;
            }
        }
        return false;
    }
}
