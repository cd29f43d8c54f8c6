package io.opsagent.identity;

import io.opsagent.util.Log;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A JWKS fetched from the identity provider over HTTPS (the JVM's default trust store decides whom to
 * trust). It is fetched on the first request that needs a key, again on the first request after
 * {@code refreshMillis}, and at once for an unknown {@code kid}, at most every {@link #UNKNOWN_KID_MILLIS}:
 * so a key the provider rotates in is used without waiting, and a stream of made-up kids cannot turn the
 * agent into a flood against the provider. One request fetches; the others go on with the keys in hand.
 */
public final class JwksUrl implements JwtVerifier.KeySource {
    static final long UNKNOWN_KID_MILLIS = 5_000;
    private static final int TIMEOUT_MILLIS = 3_000;
    private static final int MAX_BYTES = 1 << 20;

    private final String key;
    private final URL url;
    private final long refreshMillis;
    private final ReentrantLock fetching = new ReentrantLock();
    private volatile Jwks keys = Jwks.empty();
    private volatile long fetchedAt = Long.MIN_VALUE / 2;
    private volatile long triedAt = Long.MIN_VALUE / 2;

    public JwksUrl(String key, URL url, long refreshMillis) {
        this.key = key;
        this.url = url;
        this.refreshMillis = refreshMillis;
    }

    @Override
    public PublicKey key(String kid) {
        long now = System.currentTimeMillis();
        if (now - fetchedAt >= refreshMillis && now - triedAt >= UNKNOWN_KID_MILLIS) {
            fetch(now);
        }
        PublicKey k = keys.get(kid);
        if (k == null && now - triedAt >= UNKNOWN_KID_MILLIS) {
            fetch(now);
            k = keys.get(kid);
        }
        return k;
    }

    private void fetch(long now) {
        if (!fetching.tryLock()) {
            return;
        }
        try {
            triedAt = now;
            keys = Jwks.parse(download());
            fetchedAt = now;
            Log.debug(key + ": fetched " + url + ", " + keys.size() + " keys");
        } catch (IOException | IllegalArgumentException e) {
            Log.warn(key + ": cannot fetch " + url + " (" + e.getMessage() + "); the keys in hand stay in use");
        } finally {
            fetching.unlock();
        }
    }

    private String download() throws IOException {
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        c.setConnectTimeout(TIMEOUT_MILLIS);
        c.setReadTimeout(TIMEOUT_MILLIS);
        c.setInstanceFollowRedirects(false);
        c.setRequestProperty("Accept", "application/json");
        try {
            if (c.getResponseCode() != 200) {
                throw new IOException("HTTP " + c.getResponseCode());
            }
            try (InputStream in = c.getInputStream()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buf = new byte[8192];
                for (int n; (n = in.read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                    if (out.size() > MAX_BYTES) {
                        throw new IOException("larger than " + MAX_BYTES + " bytes");
                    }
                }
                return new String(out.toByteArray(), StandardCharsets.UTF_8);
            }
        } finally {
            c.disconnect();
        }
    }
}
