package io.opsagent.http;

import fi.iki.elonen.NanoHTTPD;
import io.opsagent.util.CidrRange;
import io.opsagent.util.Log;
import io.opsagent.util.DaemonThreads;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The agent's HTTP server. NanoHTTPD is kept for what it does well, parsing one request and writing
 * its answer; accepting, reading, deadlines and keep-alive are ours ({@link PlainConnections},
 * {@link TlsConnections}), because its own loop spins forever on a half-closed connection and holds a
 * thread for as long as a client trickles bytes. Temp files go to the data directory, gzip is off
 * (dumps bring their own), and NanoHTTPD's log is kept out of the host's logging.
 */
public final class OpsHttpServer extends NanoHTTPD implements Exchange {
    private final Router router;
    private final InetAddress bind;
    private final int port;
    private final int maxConcurrent;
    private final TlsEndpoint tls;
    private final ClientFilter filter = new ClientFilter();
    private WorkerLanes lanes;
    private PlainConnections plain;
    private TlsConnections secure;
    private Thread listener;

    public OpsHttpServer(InetAddress bind, int port, Router router, Path dataDir, int maxConcurrent, TlsEndpoint tls) {
        super(bind.getHostAddress(), port);
        this.router = router;
        this.bind = bind;
        this.port = port;
        this.maxConcurrent = maxConcurrent;
        this.tls = tls;
        setTempFileManagerFactory(new DataDirTempFiles(dataDir));
    }

    /** Starts listening; throws if the port is taken. The accepting thread is a daemon named {@code opsagent-http-listener}. */
    public void startListening() throws IOException {
        quietNanoLog();
        Runnable loop;
        java.net.ServerSocket socket;
        if (tls == null) {
            lanes = new WorkerLanes(maxConcurrent);
            plain = new PlainConnections(bind, port, lanes, this, filter);
            loop = plain;
            socket = plain.socket();
        } else {
            secure = new TlsConnections(tls, bind, port, maxConcurrent * 4, this, filter);
            loop = secure;
            socket = secure.socket();
        }
        try {
            // NanoHTTPD's getListeningPort reads this field and is final: the field is fed rather than the method overridden.
            Field f = NanoHTTPD.class.getDeclaredField("myServerSocket");
            f.setAccessible(true);
            f.set(this, socket);
        } catch (ReflectiveOperationException | RuntimeException e) {
            Log.debug("could not publish the listening socket: " + e);
        }
        listener = DaemonThreads.single("http-listener", loop);
        listener.start();
    }

    /** Closes the socket, the connections and the worker threads, waiting briefly for them to end. */
    public void stopListening() {
        try {
            if (plain != null) {
                plain.stop();
                lanes.shutdown();
                listener.join(2000);
                lanes.awaitStopped(2000);
            }
            if (secure != null) {
                secure.stop();
                listener.join(2000);
                secure.awaitStopped(2000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        stopListening();
    }

    public void allow(List<CidrRange> ranges) {
        filter.allow(ranges);
    }

    /** Open client connections (waiting for a request or being answered). */
    public int openConnections() {
        return plain != null ? plain.openConnections() : secure != null ? secure.openConnections() : 0;
    }

    @Override
    public boolean isProbe(RequestFraming.Frame frame) {
        return (frame.method.equals("GET") || frame.method.equals("HEAD")) && router.isProbe(RequestFraming.rawPath(frame.target));
    }

    @Override
    public boolean serve(byte[] request, RequestFraming.Frame frame, InetAddress client, X509Certificate peer, OutputStream out) {
        WriteTracking tracked = new WriteTracking(out);
        try {
            if (!isKnownMethod(frame.method)) {
                out.write(RawAnswer.of(HttpError.badRequest("method " + frame.method + " is not known", "use GET, HEAD, POST or DELETE")));
                return false;
            }
            new PeerSession(new ByteArrayInputStream(request), tracked, client, peer).execute();
            return true;
        } catch (SocketException e) {
            return false; // NanoHTTPD's way to say the answer closes the connection, or the client left
        } catch (IOException e) {
            Log.debug("answering " + frame.method + " failed: " + e);
            return false;
        } catch (RuntimeException e) {
            Log.warn("the request parser failed on " + frame.method + " " + frame.target + ": " + e);
            if (!tracked.written) {
                try {
                    out.write(RawAnswer.of(HttpError.badRequest("the request could not be parsed: " + e, "check the request line and headers")));
                } catch (IOException gone) {
                    Log.debug("client gone: " + gone);
                }
            }
            return false;
        }
    }

    /** A session that carries the TLS client's certificate to {@link #serve(IHTTPSession)}, on the same thread. */
    private final class PeerSession extends HTTPSession {
        final X509Certificate peer;

        PeerSession(java.io.InputStream in, OutputStream out, InetAddress client, X509Certificate peer) {
            super(getTempFileManagerFactory().create(), in, out, client);
            this.peer = peer;
        }
    }

    /** NanoHTTPD answers an unknown method with a text/plain 400; the agent answers in its own form. */
    private static boolean isKnownMethod(String method) {
        for (Method m : Method.values()) {
            if (m.name().equals(method)) {
                return true;
            }
        }
        return false;
    }

    /** Notes whether any byte of an answer went out, so a failure before that still gets an answer. */
    static final class WriteTracking extends java.io.FilterOutputStream {
        volatile boolean written;

        WriteTracking(OutputStream out) {
            super(out);
        }

        /** The connection's own stream, for a file sent with sendfile; what goes there counts as written. */
        OutputStream target() {
            written = true;
            return out;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            written = true;
            out.write(b, off, len);
        }

        @Override
        public void write(int b) throws IOException {
            written = true;
            out.write(b);
        }
    }

    @Override
    public Response serve(IHTTPSession session) {
        Reply reply = router.serve(new IncomingRequest(session.getMethod().name(), session.getUri(), session.getParameters(),
                session.getHeaders(), session.getInputStream(), session.getRemoteIpAddress(),
                session instanceof PeerSession ? ((PeerSession) session).peer : null));
        Response.IStatus status = statusOf(reply.status());
        Response r = session.getMethod() == Method.HEAD ? ReplyResponse.headersOnly(status, reply) : ReplyResponse.of(status, reply);
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
                return code + " " + Statuses.reason(code);
            }

            @Override
            public int getRequestStatus() {
                return code;
            }
        };
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
}
