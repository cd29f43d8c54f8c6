package io.opsagent.core;

import io.opsagent.config.AgentConfig;
import io.opsagent.config.ConfigException;
import io.opsagent.config.Keys;
import io.opsagent.http.TlsEndpoint;
import io.opsagent.util.Log;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Loads the {@code tls.*} key store and trust store into one SSLContext whose key and trust managers
 * can be swapped: {@link #reloadIfChanged} re-reads a store whose file changed, and the next handshake
 * uses it (connections already open keep theirs). Any problem names the key and the fix.
 */
final class TlsContext {
    private final AgentConfig cfg;
    private final SwappableKeyManager keys;
    private final SwappableTrustManager trust;
    private final TlsEndpoint endpoint;
    private FileStamp keyStamp;
    private FileStamp trustStamp;

    private TlsContext(AgentConfig cfg) throws ConfigException {
        this.cfg = cfg;
        TlsEndpoint.ClientAuth clientAuth = TlsEndpoint.ClientAuth.valueOf(cfg.get(Keys.TLS_CLIENT_AUTH).toUpperCase(Locale.ROOT));
        String truststore = cfg.get(Keys.TLS_TRUSTSTORE);
        if (clientAuth != TlsEndpoint.ClientAuth.OFF && truststore == null) {
            throw new ConfigException(Keys.TLS_CLIENT_AUTH.name(), "is " + cfg.get(Keys.TLS_CLIENT_AUTH)
                    + " but no tls.truststore names the CA that client certificates must chain to; set tls.truststore");
        }
        keyStamp = FileStamp.of(Paths.get(cfg.get(Keys.TLS_KEYSTORE)));
        keys = new SwappableKeyManager(loadKeys());
        trust = truststore == null ? null : new SwappableTrustManager(loadTrust());
        trustStamp = truststore == null ? null : FileStamp.of(Paths.get(truststore));
        try {
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(new KeyManager[] {keys}, trust == null ? null : new TrustManager[] {trust}, null);
            endpoint = new TlsEndpoint(ssl.getServerSocketFactory(), clientAuth, trust);
        } catch (GeneralSecurityException e) {
            throw new ConfigException(Keys.TLS_KEYSTORE.name(), "TLS cannot start: " + e.getMessage() + "; check the key store");
        }
    }

    /** Null when TLS is not configured. */
    static TlsContext load(AgentConfig cfg) throws ConfigException {
        if (cfg.get(Keys.TLS_KEYSTORE) == null) {
            if (!cfg.get(Keys.TLS_CLIENT_AUTH).equals("off")) {
                throw new ConfigException(Keys.TLS_CLIENT_AUTH.name(), "needs TLS; set tls.keystore too");
            }
            return null;
        }
        return new TlsContext(cfg);
    }

    TlsEndpoint endpoint() {
        return endpoint;
    }

    /**
     * Re-reads the key store or trust store whose file changed since it was loaded. A store that does not
     * load (half written, wrong password) is logged and the one in use is kept; the next poll tries again.
     */
    synchronized void reloadIfChanged() {
        try {
            reload();
        } catch (RuntimeException e) {
            Log.warn("TLS stores not reloaded, the ones in use stay", e); // a scheduled task must not die of it
        }
    }

    private void reload() {
        FileStamp k = FileStamp.of(Paths.get(cfg.get(Keys.TLS_KEYSTORE)));
        if (!k.equals(keyStamp)) {
            try {
                keys.swap(loadKeys());
                keyStamp = k;
                Log.info("reloaded the TLS key store " + cfg.get(Keys.TLS_KEYSTORE) + "; new connections use it");
            } catch (ConfigException e) {
                Log.warn("TLS key store not reloaded, the previous one stays in use: " + e.getMessage());
            }
        }
        if (trust != null) {
            FileStamp t = FileStamp.of(Paths.get(cfg.get(Keys.TLS_TRUSTSTORE)));
            if (!t.equals(trustStamp)) {
                try {
                    trust.swap(loadTrust());
                    trustStamp = t;
                    Log.info("reloaded the TLS trust store " + cfg.get(Keys.TLS_TRUSTSTORE) + "; new connections use it");
                } catch (ConfigException e) {
                    Log.warn("TLS trust store not reloaded, the previous one stays in use: " + e.getMessage());
                }
            }
        }
    }

    private X509ExtendedKeyManager loadKeys() throws ConfigException {
        String path = cfg.get(Keys.TLS_KEYSTORE);
        char[] password = password(cfg.get(Keys.TLS_KEYSTORE_PASSWORD));
        try {
            KeyStore ks = read(Keys.TLS_KEYSTORE.name(), path, cfg.get(Keys.TLS_KEYSTORE_TYPE), password, "tls.keystore.type and tls.keystore.password");
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            return first(kmf.getKeyManagers(), X509ExtendedKeyManager.class);
        } catch (GeneralSecurityException e) {
            throw new ConfigException(Keys.TLS_KEYSTORE.name(), "the key store " + path + " is not usable: " + e.getMessage()
                    + "; it must hold a private key and its certificate");
        }
    }

    private X509ExtendedTrustManager loadTrust() throws ConfigException {
        String path = cfg.get(Keys.TLS_TRUSTSTORE);
        try {
            KeyStore ts = read(Keys.TLS_TRUSTSTORE.name(), path, cfg.get(Keys.TLS_TRUSTSTORE_TYPE), password(cfg.get(Keys.TLS_TRUSTSTORE_PASSWORD)),
                    "tls.truststore.type and tls.truststore.password");
            if (ts.size() == 0) {
                throw new GeneralSecurityException("it holds no certificate");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            return first(tmf.getTrustManagers(), X509ExtendedTrustManager.class);
        } catch (GeneralSecurityException e) {
            throw new ConfigException(Keys.TLS_TRUSTSTORE.name(), "the trust store " + path + " is not usable: " + e.getMessage()
                    + "; it must hold the CA certificate(s) that client certificates chain to");
        }
    }

    private static KeyStore read(String key, String path, String type, char[] password, String check) throws ConfigException,
            GeneralSecurityException {
        try (InputStream in = Files.newInputStream(Paths.get(path))) {
            KeyStore ks = KeyStore.getInstance(type);
            ks.load(in, password);
            return ks;
        } catch (IOException e) {
            throw new ConfigException(key, "cannot read " + path + ": " + e.getMessage() + "; check the path, " + check);
        }
    }

    private static <T> T first(Object[] managers, Class<T> type) throws GeneralSecurityException {
        for (Object m : managers) {
            if (type.isInstance(m)) {
                return type.cast(m);
            }
        }
        throw new GeneralSecurityException("this JVM offers no " + type.getSimpleName());
    }

    private static char[] password(String pw) {
        return pw == null ? new char[0] : pw.toCharArray();
    }

    /** A file's modification time and size: what the 2 s poll compares. */
    private static final class FileStamp {
        private final long modified;
        private final long size;

        private FileStamp(long modified, long size) {
            this.modified = modified;
            this.size = size;
        }

        static FileStamp of(Path p) {
            try {
                return new FileStamp(Files.getLastModifiedTime(p).toMillis(), Files.size(p));
            } catch (IOException e) {
                return new FileStamp(-1, -1);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FileStamp && ((FileStamp) o).modified == modified && ((FileStamp) o).size == size;
        }

        @Override
        public int hashCode() {
            return (int) (modified ^ size);
        }
    }
}
