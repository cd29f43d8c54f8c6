package io.opsagent.http;

import fi.iki.elonen.NanoHTTPD;
import io.opsagent.util.DaemonThreads;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Replaces NanoHTTPD's thread per connection with a bounded pool of daemon threads. Connections
 * beyond the pool get a plain 503 and are closed at once, so a flood of sockets cannot make the
 * agent start threads without limit in the host.
 */
final class BoundedRunner implements NanoHTTPD.AsyncRunner {
    private static final String OVERLOADED_BODY =
            "{\"error\":\"too many open connections to the agent\",\"hint\":\"retry in a moment\"}";
    private static final byte[] OVERLOADED = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json; charset=utf-8\r\n"
            + "Retry-After: 1\r\nConnection: close\r\nContent-Length: " + OVERLOADED_BODY.length() + "\r\n\r\n" + OVERLOADED_BODY)
            .getBytes(StandardCharsets.UTF_8);

    private final ThreadPoolExecutor pool;
    private final Set<NanoHTTPD.ClientHandler> running = ConcurrentHashMap.newKeySet();

    BoundedRunner(int maxConnections) {
        pool = new ThreadPoolExecutor(1, maxConnections, 30, TimeUnit.SECONDS, new SynchronousQueue<Runnable>(),
                DaemonThreads.named("http"));
        pool.allowCoreThreadTimeOut(true);
    }

    @Override
    public void exec(NanoHTTPD.ClientHandler handler) {
        running.add(handler);
        try {
            pool.execute(handler);
        } catch (RejectedExecutionException e) {
            running.remove(handler);
            if (handler instanceof OpsHttpServer.Connection) {
                refuse(((OpsHttpServer.Connection) handler).socket());
            }
            handler.close();
        }
    }

    private static void refuse(Socket s) {
        try {
            OutputStream out = s.getOutputStream();
            out.write(OVERLOADED);
            out.flush();
        } catch (IOException ignored) {
            // the client is gone already
        }
    }

    @Override
    public void closed(NanoHTTPD.ClientHandler handler) {
        running.remove(handler);
    }

    @Override
    public void closeAll() {
        for (NanoHTTPD.ClientHandler h : running) {
            h.close();
        }
        pool.shutdownNow();
    }

    /** Waits briefly for the worker threads to end, so a stop leaves no thread behind. */
    void awaitStopped(long millis) throws InterruptedException {
        pool.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }
}
