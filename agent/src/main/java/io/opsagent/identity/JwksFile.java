package io.opsagent.identity;

import io.opsagent.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;

/**
 * A JWKS held in a file, re-read when its modification time or size changes (checked at most once a
 * second, on the request that needs a key). A file that stops parsing keeps the keys read before.
 */
public final class JwksFile implements JwtVerifier.KeySource {
    private final String key;
    private final Path file;
    private volatile Jwks keys;
    private volatile long checkedAt;
    private long stamp;

    public JwksFile(String key, Path file) throws ConfigException {
        this.key = key;
        this.file = file;
        try {
            this.stamp = stampOf(file);
            this.keys = Jwks.parse(read(file));
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(key, "cannot use the JWKS " + file + ": " + e.getMessage()
                    + "; point it at the identity provider's key set (a JSON object with a \"keys\" array)");
        }
        this.checkedAt = System.currentTimeMillis();
    }

    @Override
    public PublicKey key(String kid) {
        long now = System.currentTimeMillis();
        if (now - checkedAt >= 1000) {
            reloadIfChanged(now);
        }
        return keys.get(kid);
    }

    private synchronized void reloadIfChanged(long now) {
        checkedAt = now;
        try {
            long s = stampOf(file);
            if (s != stamp) {
                keys = Jwks.parse(read(file));
                stamp = s;
                io.opsagent.util.Log.info(key + ": re-read " + file + ", " + keys.size() + " keys");
            }
        } catch (IOException | IllegalArgumentException e) {
            io.opsagent.util.Log.warn(key + ": " + file + " not re-read, the keys read before stay: " + e.getMessage());
        }
    }

    private static long stampOf(Path f) throws IOException {
        return Files.getLastModifiedTime(f).toMillis() * 31 + Files.size(f);
    }

    private static String read(Path f) throws IOException {
        return new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
    }
}
