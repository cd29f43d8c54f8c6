package io.opsagent.cli.attach;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;

/**
 * Asks whether an agent's endpoint answers. Any HTTP answer counts (with {@code public=none} or
 * {@code stealth} even {@code /health/live} may be 401 or 404); so does an accepted connection that
 * gets no HTTP answer (over TLS, whose certificate the CLI does not know, or when {@code allow.cidrs}
 * shuts loopback out): a live agent's discovery file must never be taken for a stale one.
 */
public final class Endpoint {
    private static final int TIMEOUT_MS = 2000;

    private Endpoint() {
    }

    public static boolean answers(String url) {
        if (url == null) {
            return false;
        }
        URI u;
        try {
            u = URI.create(url);
        } catch (RuntimeException e) {
            return false;
        }
        if (!"http".equals(u.getScheme())) {
            return portOpen(u);
        }
        try {
            HttpURLConnection c = (HttpURLConnection) new URL(url + "/health/live").openConnection();
            c.setConnectTimeout(TIMEOUT_MS);
            c.setReadTimeout(TIMEOUT_MS);
            c.setUseCaches(false);
            try {
                return c.getResponseCode() > 0;
            } finally {
                c.disconnect();
            }
        } catch (IOException | RuntimeException e) {
            return portOpen(u);
        }
    }

    /** Whether something still accepts connections at the URL's host and port. */
    public static boolean portOpen(String url) {
        try {
            return portOpen(URI.create(url));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean portOpen(URI u) {
        String host = u.getHost();
        if (host != null && host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, u.getPort()), TIMEOUT_MS);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
