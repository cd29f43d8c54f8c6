package io.opsagent.http;

import io.opsagent.util.DaemonThreads;
import io.opsagent.util.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;

/**
 * The TLS connections. TLS over a selector would need an SSLEngine driver, so here each connection has
 * a thread from a bounded pool, and the same deadlines as plain HTTP are enforced around blocking
 * calls: every read waits only for what is left of the request's deadline, and a watchdog on the
 * accepting thread closes a socket whose handshake or answer has stalled.
 */
final class TlsConnections implements Runnable {
    private final SSLServerSocket server;
    private final ThreadPoolExecutor pool;
    private final Exchange exchange;
    private final ClientFilter filter;
    private final TlsEndpoint tls;
    /** Sockets in a blocking handshake or write, with the time they must be done by. */
    private final Map<Socket, Long> stallDeadlines = new ConcurrentHashMap<Socket, Long>();
    private final Map<Socket, Boolean> sockets = new ConcurrentHashMap<Socket, Boolean>();
    private volatile boolean running = true;

    TlsConnections(TlsEndpoint tls, InetAddress bind, int port, int maxConnections, Exchange exchange,
            ClientFilter filter) throws IOException {
        this.exchange = exchange;
        this.filter = filter;
        this.tls = tls;
        this.server = (SSLServerSocket) tls.factory().createServerSocket();
        try {
            server.setReuseAddress(true);
            TlsPolicy.apply(server, tls.clientAuth());
            server.bind(new java.net.InetSocketAddress(bind, port), 128);
            server.setSoTimeout(1000); // the accept loop wakes each second to run the stall watchdog
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        pool = new ThreadPoolExecutor(maxConnections, maxConnections, WorkerLanes.IDLE_SECONDS, TimeUnit.SECONDS,
                new SynchronousQueue<Runnable>(), DaemonThreads.named("https"));
        pool.allowCoreThreadTimeOut(true);
    }

    java.net.ServerSocket socket() {
        return server;
    }

    int openConnections() {
        return sockets.size();
    }

    @Override
    public void run() {
        while (running) {
            try {
                final Socket s = server.accept();
                if (!filter.admits(s.getInetAddress())) {
                    closeQuietly(s);
                    continue;
                }
                sockets.put(s, Boolean.TRUE);
                try {
                    pool.execute(new Runnable() {
                        @Override
                        public void run() {
                            connection(s);
                        }
                    });
                } catch (RejectedExecutionException e) {
                    closeQuietly(s); // no thread to run a handshake: the client sees the connection end
                }
            } catch (SocketTimeoutException tick) {
                // fall through to the watchdog
            } catch (IOException e) {
                if (running) {
                    Log.debug("accepting a TLS connection: " + e);
                }
            }
            watchdog(System.currentTimeMillis());
        }
    }

    private void watchdog(long now) {
        for (Map.Entry<Socket, Long> e : stallDeadlines.entrySet()) {
            if (now - e.getValue() >= 0) {
                closeQuietly(e.getKey());
            }
        }
    }

    void stop() {
        running = false;
        closeQuietly(server);
        for (Socket s : sockets.keySet()) {
            closeQuietly(s);
        }
        pool.shutdownNow();
    }

    void awaitStopped(long millis) throws InterruptedException {
        pool.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }

    private void connection(Socket s) {
        try {
            s.setTcpNoDelay(true);
            stallDeadlines.put(s, System.currentTimeMillis() + PlainConnections.REQUEST_MILLIS);
            s.setSoTimeout((int) PlainConnections.REQUEST_MILLIS);
            ((SSLSocket) s).startHandshake();
            stallDeadlines.remove(s);
            X509Certificate[] chain = peerChain((SSLSocket) s);
            try {
                tls.recheck(chain);
            } catch (CertificateException e) {
                Log.debug("TLS client certificate no longer trusted, connection closed: " + e.getMessage());
                return;
            }
            X509Certificate peer = chain == null ? null : chain[0];
            InputStream in = s.getInputStream();
            OutputStream out = new GuardedOutput(s, s.getOutputStream());
            byte[] buf = new byte[2048];
            int len = 0;
            while (running) {
                long deadline = System.currentTimeMillis() + (len > 0 ? PlainConnections.REQUEST_MILLIS : PlainConnections.IDLE_MILLIS);
                boolean started = len > 0;
                RequestFraming.Frame f;
                try {
                    while ((f = RequestFraming.frame(buf, len)) == null) {
                        long left = deadline - System.currentTimeMillis();
                        if (left <= 0) {
                            if (started) {
                                out.write(RawAnswer.of(RawAnswer.timedOut(PlainConnections.REQUEST_MILLIS)));
                            }
                            return;
                        }
                        if (len == buf.length) {
                            buf = Arrays.copyOf(buf, Math.min(buf.length * 2, RequestFraming.MAX_REQUEST_BYTES));
                        }
                        s.setSoTimeout((int) Math.max(1, left));
                        int n;
                        try {
                            n = in.read(buf, len, buf.length - len);
                        } catch (SocketTimeoutException e) {
                            continue;
                        }
                        if (n < 0) {
                            return; // end of input closes the connection
                        }
                        len += n;
                        if (!started && n > 0) {
                            started = true;
                            deadline = System.currentTimeMillis() + PlainConnections.REQUEST_MILLIS;
                        }
                    }
                } catch (HttpError e) {
                    out.write(RawAnswer.of(e));
                    return;
                }
                byte[] request = Arrays.copyOf(buf, f.length);
                System.arraycopy(buf, f.length, buf, 0, len - f.length);
                len -= f.length;
                if (!exchange.serve(request, f, s.getInetAddress(), peer, out) || f.close) {
                    return;
                }
            }
        } catch (IOException e) {
            Log.debug("TLS connection ended: " + e);
        } finally {
            stallDeadlines.remove(s);
            sockets.remove(s);
            closeQuietly(s);
        }
    }

    /** The client's certificate chain, or null when it sent none (tls.client.auth off or optional). */
    private static X509Certificate[] peerChain(SSLSocket s) {
        try {
            java.security.cert.Certificate[] chain = s.getSession().getPeerCertificates();
            X509Certificate[] out = new X509Certificate[chain.length];
            for (int i = 0; i < chain.length; i++) {
                out[i] = (X509Certificate) chain[i];
            }
            return out.length == 0 ? null : out;
        } catch (SSLPeerUnverifiedException | ClassCastException none) {
            return null;
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing is all that is left to do
        }
    }

    /** Arms the watchdog around each blocking write, so a client that stops reading frees the thread. */
    private final class GuardedOutput extends java.io.FilterOutputStream {
        private final Socket socket;

        GuardedOutput(Socket socket, OutputStream out) {
            super(out);
            this.socket = socket;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            stallDeadlines.put(socket, System.currentTimeMillis() + ChannelOutput.STALL_MILLIS);
            try {
                out.write(b, off, len);
            } finally {
                stallDeadlines.remove(socket);
            }
        }

        @Override
        public void flush() throws IOException {
            stallDeadlines.put(socket, System.currentTimeMillis() + ChannelOutput.STALL_MILLIS);
            try {
                out.flush();
            } finally {
                stallDeadlines.remove(socket);
            }
        }

        @Override
        public void close() {
            // the connection loop decides when the socket closes
        }
    }
}
