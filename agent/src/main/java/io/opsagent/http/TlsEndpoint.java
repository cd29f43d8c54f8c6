package io.opsagent.http;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.X509TrustManager;

/** What the TLS listener needs: the socket factory (its context reloads its own stores) and whether to ask for client certificates. */
public final class TlsEndpoint {
    /** {@code tls.client.auth}. */
    public enum ClientAuth {
        OFF, OPTIONAL, REQUIRED
    }

    private final SSLServerSocketFactory factory;
    private final ClientAuth clientAuth;
    private final X509TrustManager clientTrust;

    /** {@code clientTrust}: the trust store in force now, which every connection's client certificate is checked against again. */
    public TlsEndpoint(SSLServerSocketFactory factory, ClientAuth clientAuth, X509TrustManager clientTrust) {
        this.factory = factory;
        this.clientAuth = clientAuth;
        this.clientTrust = clientTrust;
    }

    SSLServerSocketFactory factory() {
        return factory;
    }

    ClientAuth clientAuth() {
        return clientAuth;
    }

    /**
     * A resumed TLS session skips certificate validation: a client whose CA has since left the trust
     * store would keep its access until the session expires (24 h by default). So each connection's
     * chain is checked against the current trust store once more; a failure closes the connection.
     */
    void recheck(X509Certificate[] chain) throws CertificateException {
        if (clientTrust != null && chain != null) {
            clientTrust.checkClientTrusted(chain, chain[0].getPublicKey().getAlgorithm());
        }
    }
}
