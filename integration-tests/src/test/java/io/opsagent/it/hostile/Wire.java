package io.opsagent.it.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Raw socket moves the hostile-client tests share. */
final class Wire {
    private Wire() {
    }

    /** Everything the peer sends until it closes (or resets: what arrived is the answer). */
    static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
        } catch (java.net.SocketException reset) {
            // what arrived is the answer
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** Sends the bytes, shuts the write side, and reads until the agent closes (15 s at most per read). */
    static String halfClosed(URI u, String request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(u.getHost(), u.getPort()), 5000);
            s.setSoTimeout(15_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.shutdownOutput();
            return readAll(s.getInputStream());
        }
    }
}
