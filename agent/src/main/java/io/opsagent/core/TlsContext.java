package io.opsagent.core;

import io.opsagent.config.AgentConfig;
import io.opsagent.config.ConfigException;
import io.opsagent.config.Keys;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocketFactory;

/** Loads the {@code tls.*} key store into a server socket factory; any problem names the key and the fix. */
final class TlsContext {
    private TlsContext() {
    }

    /** Null when TLS is not configured. */
    static SSLServerSocketFactory serverSocketFactory(AgentConfig cfg) throws ConfigException {
        String path = cfg.get(Keys.TLS_KEYSTORE);
        if (path == null) {
            return null;
        }
        String pw = cfg.get(Keys.TLS_KEYSTORE_PASSWORD);
        char[] password = pw == null ? new char[0] : pw.toCharArray();
        try (InputStream in = Files.newInputStream(Paths.get(path))) {
            KeyStore ks = KeyStore.getInstance(cfg.get(Keys.TLS_KEYSTORE_TYPE));
            ks.load(in, password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(kmf.getKeyManagers(), null, null);
            return ssl.getServerSocketFactory();
        } catch (java.io.IOException e) {
            throw new ConfigException(Keys.TLS_KEYSTORE.name(), "cannot read the key store " + path + ": " + e.getMessage()
                    + "; check the path, tls.keystore.type and tls.keystore.password");
        } catch (java.security.GeneralSecurityException e) {
            throw new ConfigException(Keys.TLS_KEYSTORE.name(), "the key store " + path + " is not usable: " + e.getMessage()
                    + "; it must hold a private key and its certificate");
        }
    }
}
