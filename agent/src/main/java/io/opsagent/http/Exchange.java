package io.opsagent.http;

import java.io.OutputStream;
import java.net.InetAddress;
import java.security.cert.X509Certificate;

/** Serves one complete request read off a connection; the connection loops own reading and keep-alive. */
interface Exchange {
    /**
     * Answers {@code request} on {@code out}; true when the connection may carry another request. Never throws.
     * {@code peer} is the TLS client's verified certificate, or null.
     */
    boolean serve(byte[] request, RequestFraming.Frame frame, InetAddress client, X509Certificate peer, OutputStream out);

    /** True for the requests that run on the reserved probe lane (health and selftest). */
    boolean isProbe(RequestFraming.Frame frame);
}
