package io.opsagent.http;

import io.opsagent.util.Log;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The plain-HTTP connections, on one selector thread that holds no worker while a client is slow. It
 * accepts, reads each request whole (head and body) within a deadline, and hands only complete
 * requests to {@link WorkerLanes}; the worker gives the connection back for the next request or for
 * closing. A slow or silent client costs a buffer and a slot among {@link #MAX_WAITING}, never a thread;
 * when those are full the longest-waiting connection is dropped, so a fresh probe always gets in.
 */
final class PlainConnections implements Runnable {
    /** Connections waiting for (the rest of) a request; beyond it the oldest one is closed. */
    static final int MAX_WAITING = 256;
    /** A kept-alive connection that starts no new request within this time is closed. */
    static final long IDLE_MILLIS = 10_000;
    /** From a request's first byte, its head and body must arrive within this time, whatever the pace. */
    static final long REQUEST_MILLIS = 10_000;
    /** After an answer that closes, unread input is drained this long so the answer is not lost to a reset. */
    static final long LINGER_MILLIS = 2_000;
    private static final long TICK_MILLIS = 250;

    private final ServerSocketChannel server;
    private final Selector selector;
    private final WorkerLanes lanes;
    private final Exchange exchange;
    private final ClientFilter filter;
    /** Insertion order is age order: the first is the longest waiting. Touched only on the selector thread. */
    private final LinkedHashSet<Conn> waiting = new LinkedHashSet<Conn>();
    private final Queue<Conn> returned = new ConcurrentLinkedQueue<Conn>();
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean running = true;

    PlainConnections(InetAddress bind, int port, WorkerLanes lanes, Exchange exchange, ClientFilter filter) throws IOException {
        this.lanes = lanes;
        this.exchange = exchange;
        this.filter = filter;
        this.selector = Selector.open();
        ServerSocketChannel s = ServerSocketChannel.open();
        try {
            s.socket().setReuseAddress(true);
            s.socket().bind(new InetSocketAddress(bind, port), 128);
            s.configureBlocking(false);
            s.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            s.close();
            selector.close();
            throw e;
        }
        this.server = s;
    }

    java.net.ServerSocket socket() {
        return server.socket();
    }

    /** Open client connections, waiting or being served. */
    int openConnections() {
        return open.get();
    }

    /** One client connection and the bytes of its next request received so far. */
    static final class Conn {
        final SocketChannel channel;
        final InetAddress client;
        SelectionKey key;
        byte[] buf = new byte[2048];
        int len;
        long deadline;
        boolean started;
        boolean lingering;
        boolean keep;

        Conn(SocketChannel channel, InetAddress client) {
            this.channel = channel;
            this.client = client;
        }
    }

    @Override
    public void run() {
        try {
            while (running) {
                selector.select(TICK_MILLIS);
                for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey k = it.next();
                    it.remove();
                    try {
                        if (!k.isValid()) {
                            continue;
                        }
                        if (k.isAcceptable()) {
                            acceptAll();
                        } else if (k.isReadable()) {
                            read((Conn) k.attachment());
                        }
                    } catch (RuntimeException e) {
                        drop(k.attachment(), e); // one connection's trouble never stops the loop
                    }
                }
                for (Conn c; (c = returned.poll()) != null; ) {
                    try {
                        comeBack(c);
                    } catch (RuntimeException e) {
                        drop(c, e);
                    }
                }
                expire(System.currentTimeMillis());
            }
        } catch (IOException | RuntimeException e) {
            if (running) {
                Log.warn("the HTTP connection loop stopped, the endpoint is down: " + e);
            }
        } finally {
            closeEverything();
        }
    }

    void stop() {
        running = false;
        selector.wakeup();
    }

    private void drop(Object attachment, RuntimeException e) {
        Log.debug("dropping a connection after " + e);
        if (attachment instanceof Conn) {
            close((Conn) attachment);
        }
    }

    private void acceptAll() {
        while (true) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                // e.g. out of file descriptors: pause briefly rather than spin on a socket that stays acceptable
                Log.debug("accept failed: " + e);
                pause();
                return;
            }
            if (ch == null) {
                return;
            }
            open.incrementAndGet();
            Conn c = new Conn(ch, ch.socket().getInetAddress());
            try {
                if (!filter.admits(c.client)) {
                    close(c);
                    continue;
                }
                ch.configureBlocking(false);
                ch.socket().setTcpNoDelay(true);
                c.key = ch.register(selector, SelectionKey.OP_READ, c);
                awaitRequest(c, System.currentTimeMillis());
            } catch (IOException e) {
                close(c);
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Puts a connection among those waiting for input, making room by dropping the oldest if needed. */
    private void awaitRequest(Conn c, long now) {
        if (waiting.size() >= MAX_WAITING) {
            Conn oldest = waiting.iterator().next();
            waiting.remove(oldest);
            close(oldest);
        }
        c.started = c.len > 0;
        c.deadline = now + (c.started ? REQUEST_MILLIS : IDLE_MILLIS);
        waiting.add(c);
        c.key.interestOps(SelectionKey.OP_READ);
    }

    private void read(Conn c) {
        if (c.len == c.buf.length) {
            c.buf = Arrays.copyOf(c.buf, Math.min(c.buf.length * 2, RequestFraming.MAX_REQUEST_BYTES));
        }
        int n;
        try {
            n = c.len == c.buf.length ? 0 : c.channel.read(ByteBuffer.wrap(c.buf, c.len, c.buf.length - c.len));
        } catch (IOException e) {
            n = -1;
        }
        if (c.lingering) {
            c.len = 0; // the answer is out; what the client still sends is dropped
            if (n < 0) {
                close(c);
            }
            return;
        }
        if (n < 0) {
            close(c); // end of input closes the connection, complete request or not
            return;
        }
        c.len += n;
        if (n > 0 && !c.started) {
            c.started = true;
            c.deadline = System.currentTimeMillis() + REQUEST_MILLIS;
        }
        frame(c);
    }

    private void frame(Conn c) {
        final RequestFraming.Frame f;
        try {
            f = RequestFraming.frame(c.buf, c.len);
        } catch (HttpError e) {
            answerAndClose(c, e);
            return;
        }
        if (f == null) {
            return;
        }
        final byte[] request = Arrays.copyOf(c.buf, f.length);
        System.arraycopy(c.buf, f.length, c.buf, 0, c.len - f.length);
        c.len -= f.length;
        waiting.remove(c);
        c.key.interestOps(0);
        boolean taken = lanes.submit(exchange.isProbe(f), new Runnable() {
            @Override
            public void run() {
                serve(c, request, f);
            }
        });
        if (!taken) {
            answerAndClose(c, RawAnswer.overloaded());
        }
    }

    /** On a worker: answer, then give the connection back to the selector whatever happened. */
    private void serve(Conn c, byte[] request, RequestFraming.Frame f) {
        boolean keep = false;
        ChannelOutput out = new ChannelOutput(c.channel);
        try {
            keep = exchange.serve(request, f, c.client, null, out) && !f.close;
        } finally {
            try {
                out.close();
            } catch (IOException e) {
                Log.debug("closing a write waiter: " + e);
            }
            c.keep = keep;
            returned.add(c);
            selector.wakeup();
        }
    }

    private void comeBack(Conn c) {
        if (!c.channel.isOpen()) {
            close(c);
            return;
        }
        if (!c.keep) {
            linger(c);
            return;
        }
        awaitRequest(c, System.currentTimeMillis());
        if (c.len > 0) {
            frame(c); // a pipelined request is already here
        }
    }

    private void answerAndClose(Conn c, HttpError e) {
        try {
            c.channel.write(ByteBuffer.wrap(RawAnswer.of(e))); // small: fits the socket buffer, or the client loses it
        } catch (IOException ignored) {
            // the client is gone
        }
        linger(c);
    }

    /** Sends FIN after the answer and drains input briefly, so closing does not reset the answer away. */
    private void linger(Conn c) {
        try {
            c.channel.socket().shutdownOutput();
        } catch (IOException e) {
            close(c);
            return;
        }
        c.lingering = true;
        waiting.remove(c);
        if (waiting.size() >= MAX_WAITING) {
            close(c);
            return;
        }
        c.deadline = System.currentTimeMillis() + LINGER_MILLIS;
        waiting.add(c);
        c.key.interestOps(SelectionKey.OP_READ);
    }

    private void expire(long now) {
        ArrayList<Conn> late = null;
        for (Conn c : waiting) {
            if (now - c.deadline >= 0) {
                if (late == null) {
                    late = new ArrayList<Conn>();
                }
                late.add(c);
            }
        }
        if (late == null) {
            return;
        }
        for (Conn c : late) {
            waiting.remove(c);
            try {
                if (c.started && !c.lingering) {
                    answerAndClose(c, RawAnswer.timedOut(REQUEST_MILLIS));
                } else {
                    close(c);
                }
            } catch (RuntimeException e) {
                drop(c, e);
            }
        }
    }

    private void close(Conn c) {
        waiting.remove(c);
        if (c.key != null) {
            c.key.cancel();
        }
        try {
            if (c.channel.isOpen()) {
                c.channel.close();
                open.decrementAndGet();
            }
        } catch (IOException e) {
            Log.debug("closing a connection: " + e);
        }
    }

    private void closeEverything() {
        for (SelectionKey k : new ArrayList<SelectionKey>(safeKeys())) {
            if (k.attachment() instanceof Conn) {
                close((Conn) k.attachment());
            }
        }
        for (Conn c; (c = returned.poll()) != null; ) {
            close(c);
        }
        try {
            server.close();
        } catch (IOException e) {
            Log.debug("closing the listening socket: " + e);
        }
        try {
            selector.close();
        } catch (IOException e) {
            Log.debug("closing the selector: " + e);
        }
    }

    private java.util.Set<SelectionKey> safeKeys() {
        try {
            return selector.keys();
        } catch (ClosedSelectorException e) {
            return java.util.Collections.emptySet();
        }
    }
}
