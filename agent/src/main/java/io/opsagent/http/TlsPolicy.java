package io.opsagent.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;

/**
 * TLS 1.2 and 1.3 only, with forward-secret AEAD suites only: ECDHE or DHE key exchange with GCM or
 * ChaCha20-Poly1305, plus the TLS 1.3 suites (all of which are). Filtered against what this JVM
 * supports, so a Java 8 without TLS 1.3 still starts with TLS 1.2.
 */
final class TlsPolicy {
    static final List<String> PROTOCOLS = Arrays.asList("TLSv1.3", "TLSv1.2");

    private TlsPolicy() {
    }

    static void apply(SSLServerSocket s) {
        apply(s, TlsEndpoint.ClientAuth.OFF);
    }

    /**
     * With {@code REQUIRED} a client without a certificate that chains to the trust store gets no session
     * (the handshake fails); with {@code OPTIONAL} it may send none, but one it sends must be valid.
     */
    static void apply(SSLServerSocket s, TlsEndpoint.ClientAuth clientAuth) {
        String[] protocols = keep(s.getSupportedProtocols(), true);
        String[] suites = keep(s.getSupportedCipherSuites(), false);
        if (protocols.length == 0 || suites.length == 0) {
            throw new IllegalStateException("this JVM offers no TLS 1.2/1.3 protocol or forward-secret AEAD cipher suite");
        }
        s.setEnabledProtocols(protocols);
        s.setEnabledCipherSuites(suites);
        SSLParameters p = s.getSSLParameters();
        p.setUseCipherSuitesOrder(true);
        if (clientAuth == TlsEndpoint.ClientAuth.REQUIRED) {
            p.setNeedClientAuth(true);
        } else if (clientAuth == TlsEndpoint.ClientAuth.OPTIONAL) {
            p.setWantClientAuth(true);
        }
        s.setSSLParameters(p);
    }

    private static String[] keep(String[] supported, boolean protocols) {
        List<String> out = new ArrayList<String>();
        for (String name : supported) {
            if (protocols ? PROTOCOLS.contains(name) : isStrongSuite(name)) {
                out.add(name);
            }
        }
        return out.toArray(new String[0]);
    }

    static boolean isStrongSuite(String suite) {
        if (suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_")) {
            return true; // TLS 1.3: always ephemeral key exchange and AEAD
        }
        boolean ephemeral = suite.startsWith("TLS_ECDHE_") || suite.startsWith("TLS_DHE_");
        boolean aead = suite.contains("_GCM_") || suite.contains("_CHACHA20_POLY1305_");
        return ephemeral && aead && !suite.contains("_anon_") && !suite.contains("_NULL_") && !suite.contains("_EXPORT_");
    }
}
