package io.opsagent.it.identity;

import io.opsagent.it.support.AgentClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * An HTTPS client that presents a client certificate (or none). Each call makes a fresh SSLContext and
 * closes its connection, so every call is a full handshake: nothing is resumed from an earlier one.
 */
final class MtlsClient {
    /** What a call got: status and body, and the subject of the certificate the server showed. */
    static final class Answer {
        final int status;
        final String body;
        final String serverSubject;

        Answer(int status, String body, String serverSubject) {
            this.status = status;
            this.body = body;
            this.serverSubject = serverSubject;
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private final String base;
    private final Path keyStore;

    /** {@code keyStore} null: no client certificate. */
    MtlsClient(String base, Path keyStore) {
        this.base = base;
        this.keyStore = keyStore;
    }

    private SSLContext reused;

    /** From now on, every call uses the same SSLContext, so the JDK resumes the TLS session where it can. */
    MtlsClient resuming() throws Exception {
        reused = context();
        return this;
    }

    Answer call(String method, String path, String... headers) throws Exception {
        HttpsURLConnection c = (HttpsURLConnection) new URL(base + path).openConnection();
        c.setSSLSocketFactory((reused != null ? reused : context()).getSocketFactory());
        c.setHostnameVerifier((h, s) -> true);
        c.setConnectTimeout(5000);
        c.setReadTimeout(20000);
        c.setRequestMethod(method);
        c.setRequestProperty("Connection", "close");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            c.setRequestProperty(headers[i], headers[i + 1]);
        }
        if (method.equals("POST")) {
            c.setDoOutput(true);
            try (OutputStream out = c.getOutputStream()) {
                out.write("{}".getBytes(StandardCharsets.UTF_8));
            }
        }
        int status = c.getResponseCode();
        String subject = ((X509Certificate) c.getServerCertificates()[0]).getSubjectX500Principal().getName();
        InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (in != null) {
            try (InputStream i = in) {
                byte[] buf = new byte[8192];
                for (int n; (n = i.read(buf)) > 0; ) {
                    body.write(buf, 0, n);
                }
            }
        }
        c.disconnect();
        return new Answer(status, body.toString("UTF-8"), subject);
    }

    private SSLContext context() throws Exception {
        KeyManager[] km = null;
        if (keyStore != null) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore)) {
                ks.load(in, TestPki.PASSWORD.toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, TestPki.PASSWORD.toCharArray());
            km = new KeyManager[] {new AlwaysPresent((X509KeyManager) kmf.getKeyManagers()[0], keyAlias(ks))};
        }
        return AgentClient.trustAll(km); // the server's certificate is not what these tests are about; its subject is recorded
    }

    private static String keyAlias(KeyStore ks) throws Exception {
        for (String a : java.util.Collections.list(ks.aliases())) {
            if (ks.isKeyEntry(a)) {
                return a;
            }
        }
        throw new IllegalStateException("no key in the client key store");
    }

    /**
     * Presents the certificate whatever CAs the server names: a stock client stays silent when its issuer is
     * not among them, and the point is to see what the server does with a certificate it must not trust.
     */
    private static final class AlwaysPresent extends X509ExtendedKeyManager {
        private final X509KeyManager keys;
        private final String alias;

        AlwaysPresent(X509KeyManager keys, String alias) {
            this.keys = keys;
            this.alias = alias;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {alias};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return alias;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, javax.net.ssl.SSLEngine engine) {
            return alias;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String a) {
            return keys.getCertificateChain(a);
        }

        @Override
        public PrivateKey getPrivateKey(String a) {
            return keys.getPrivateKey(a);
        }
    }

    /** True when the handshake fails: the server gave this client no TLS session. */
    boolean refusedSession() {
        try {
            call("GET", "/health/live");
            return false;
        } catch (IOException e) {
            return true;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
