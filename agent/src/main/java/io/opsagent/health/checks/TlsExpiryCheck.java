package io.opsagent.health.checks;

import io.opsagent.config.ConfigException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Days until the first certificate expires, either on a remote TLS endpoint ({@code target},
 * host:port) or in a key store ({@code keystore}, {@code keystore.password}, {@code keystore.type}).
 * The remote chain is read without being trusted: only its dates matter here, and an expired or
 * self-signed certificate is exactly what this check must be able to report.
 */
final class TlsExpiryCheck implements Check {
    private static final double DAY_MILLIS = 86_400_000.0;

    @Override
    public Observation measure(CheckSpec spec, int timeoutMillis) throws Exception {
        List<X509Certificate> certs = spec.get("keystore") != null ? fromKeyStore(spec) : fromServer(spec, timeoutMillis);
        if (certs.isEmpty()) {
            return Observation.failed(null, "no certificate found");
        }
        X509Certificate first = certs.get(0);
        for (X509Certificate c : certs) {
            if (c.getNotAfter().before(first.getNotAfter())) {
                first = c;
            }
        }
        double days = Math.floor((first.getNotAfter().getTime() - System.currentTimeMillis()) / DAY_MILLIS * 10) / 10;
        return Observation.of(days, first.getSubjectX500Principal().getName() + " expires " + first.getNotAfter().toInstant()
                + " (" + days + " days left)");
    }

    private static List<X509Certificate> fromServer(CheckSpec spec, int timeoutMillis) throws Exception {
        InetSocketAddress target = HostPort.parse(spec.target());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new DatesOnly()}, new SecureRandom());
        List<X509Certificate> out = new ArrayList<X509Certificate>();
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(target.getHostString(), target.getPort()), timeoutMillis);
            plain.setSoTimeout(timeoutMillis);
            try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(plain, target.getHostString(), target.getPort(), false)) {
                s.startHandshake();
                for (Certificate c : s.getSession().getPeerCertificates()) {
                    if (c instanceof X509Certificate) {
                        out.add((X509Certificate) c);
                    }
                }
            }
        }
        return out;
    }

    private static List<X509Certificate> fromKeyStore(CheckSpec spec) throws Exception {
        String file = spec.get("keystore");
        String type = spec.get("keystore.type", file.toLowerCase(Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12");
        String password = spec.get("keystore.password", "");
        KeyStore ks = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(Paths.get(file))) {
            ks.load(in, password.toCharArray());
        }
        List<X509Certificate> out = new ArrayList<X509Certificate>();
        for (Enumeration<String> aliases = ks.aliases(); aliases.hasMoreElements();) {
            String alias = aliases.nextElement();
            Certificate[] chain = ks.getCertificateChain(alias);
            if (chain == null) {
                Certificate one = ks.getCertificate(alias);
                chain = one == null ? new Certificate[0] : new Certificate[] {one};
            }
            for (Certificate c : chain) {
                if (c instanceof X509Certificate) {
                    out.add((X509Certificate) c);
                }
            }
        }
        return out;
    }

    @Override
    public void validate(CheckSpec spec) throws ConfigException {
        if (spec.get("keystore") == null) {
            if (spec.target() == null) {
                throw new ConfigException(spec.fullKey("target"), "is needed (host:port of a TLS endpoint), or set keystore");
            }
            HostPort.validate(spec);
        }
        String type = spec.get("keystore.type");
        if (type != null && !type.equalsIgnoreCase("PKCS12") && !type.equalsIgnoreCase("JKS")) {
            throw new ConfigException(spec.fullKey("keystore.type"), "'" + type + "' must be PKCS12 or JKS");
        }
    }

    /** Accepts any chain: the handshake is only there to read the certificates' dates. */
    private static final class DatesOnly implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // the agent is the client here
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // nothing is sent over this connection, so trust does not matter; the dates do
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
