package io.opsagent.http;

import javax.net.ssl.SSLServerSocketFactory;

/** What the TLS listener needs: the socket factory (its context reloads its own stores) and whether to ask for client certificates. */
public final class TlsEndpoint {
    /** {@code tls.client.auth}. */
    public enum ClientAuth {
        OFF, OPTIONAL, REQUIRED
    }

    private final SSLServerSocketFactory factory;
    private final ClientAuth clientAuth;

    public TlsEndpoint(SSLServerSocketFactory factory, ClientAuth clientAuth) {
        this.factory = factory;
        this.clientAuth = clientAuth;
    }

    SSLServerSocketFactory factory() {
        return factory;
    }

    ClientAuth clientAuth() {
        return clientAuth;
    }
}
