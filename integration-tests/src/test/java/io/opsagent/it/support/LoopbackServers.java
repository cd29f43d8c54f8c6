package io.opsagent.it.support;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** Real servers on 127.0.0.1 for health checks to look at; each is closed with the test. */
public final class LoopbackServers implements AutoCloseable {
    private final List<AutoCloseable> open = new ArrayList<>();

    /** A TCP listener that accepts (through the backlog) and never answers. */
    public ServerSocket silentListener() throws IOException {
        ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        open.add(s);
        return s;
    }

    /** A listener that accepts connections and keeps them open without a byte: what a hung dependency looks like. */
    public ServerSocket blackHole() throws IOException {
        ServerSocket s = silentListener();
        List<Socket> held = new ArrayList<>();
        Thread t = new Thread(() -> {
            while (!s.isClosed()) {
                try {
                    Socket c = s.accept();
                    synchronized (held) {
                        held.add(c);
                    }
                } catch (IOException e) {
                    return;
                }
            }
        }, "black-hole");
        t.setDaemon(true);
        t.start();
        open.add(() -> {
            synchronized (held) {
                for (Socket c : held) {
                    c.close();
                }
            }
        });
        return s;
    }

    /** HTTP on loopback: /ok answers 200 "all good", /error 500, /slow waits {@code slowMillis} then 200. */
    public HttpServer http(long slowMillis) throws IOException {
        HttpServer h = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        handlers(h, slowMillis);
        h.start();
        open.add(() -> h.stop(0));
        return h;
    }

    /** HTTP on loopback that serves one HTML page at every path, e.g. a page of another origin in a browser test. */
    public HttpServer page(String html) throws IOException {
        HttpServer h = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        h.createContext("/", ex -> {
            ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            reply(ex, 200, html);
        });
        h.start();
        open.add(() -> h.stop(0));
        return h;
    }

    /** HTTPS with the first key of a PKCS12 key store (password {@code changeit}). */
    public HttpsServer https(Path keyStore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        HttpsServer h = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        h.setHttpsConfigurator(new HttpsConfigurator(tls));
        handlers(h, 0);
        h.start();
        open.add(() -> h.stop(0));
        return h;
    }

    private static void handlers(HttpServer h, long slowMillis) {
        h.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-http");
            t.setDaemon(true);
            return t;
        }));
        h.createContext("/ok", ex -> reply(ex, 200, "all good"));
        h.createContext("/error", ex -> reply(ex, 500, "broken"));
        h.createContext("/slow", ex -> {
            TargetJvm.sleep(slowMillis);
            reply(ex, 200, "late but good");
        });
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        try {
            ex.sendResponseHeaders(status, b.length);
            ex.getResponseBody().write(b);
        } catch (IOException gone) {
            // the checker gave up (timed out): nothing to do
        } finally {
            ex.close();
        }
    }

    @Override
    public void close() {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort at test end
            }
        }
    }
}
