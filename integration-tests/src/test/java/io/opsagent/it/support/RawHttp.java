package io.opsagent.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Sends raw bytes to a server and reads what comes back until it closes or goes quiet: for malformed requests. */
public final class RawHttp {
    private RawHttp() {
    }

    public static String exchange(String host, int port, byte[] request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 5000);
            s.setSoTimeout(3000);
            try {
                s.getOutputStream().write(request);
                s.getOutputStream().flush();
            } catch (IOException e) {
                // the server may close before reading everything; read what it answered
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                }
            } catch (SocketTimeoutException | java.net.SocketException e) {
                // quiet or reset: what we have is the answer
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    public static String exchange(String host, int port, String request) throws IOException {
        return exchange(host, port, request.getBytes(StandardCharsets.UTF_8));
    }
}
