package io.opsagent.it.heap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A bare HTTP/1.1 GET over a socket, for what the JDK client hides: reading part of a body and then
 * vanishing like a killed client (the socket is reset, not closed politely).
 */
final class RawGet implements AutoCloseable {
    final int status;
    final Map<String, String> headers = new LinkedHashMap<>();
    final InputStream body;
    private final Socket socket;

    RawGet(String baseUrl, String path, String token, String... extraHeaders) throws IOException {
        URI u = URI.create(baseUrl);
        socket = new Socket(u.getHost(), u.getPort());
        socket.setSoTimeout(60_000);
        StringBuilder req = new StringBuilder("GET " + u.getPath() + path + " HTTP/1.1\r\nHost: " + u.getHost() + "\r\n");
        req.append("Authorization: Bearer ").append(token).append("\r\n");
        for (int i = 0; i + 1 < extraHeaders.length; i += 2) {
            req.append(extraHeaders[i]).append(": ").append(extraHeaders[i + 1]).append("\r\n");
        }
        socket.getOutputStream().write(req.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        body = socket.getInputStream();
        String statusLine = line();
        status = Integer.parseInt(statusLine.split(" ")[1]);
        for (String l = line(); !l.isEmpty(); l = line()) {
            int c = l.indexOf(':');
            headers.put(l.substring(0, c).trim().toLowerCase(Locale.ROOT), l.substring(c + 1).trim());
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = body.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    /** Reads exactly n body bytes (a fixed-length body only). */
    byte[] read(int n) throws IOException {
        return body.readNBytes(n);
    }

    /** Drops the connection the way a killed process does: an RST, no orderly close. */
    void kill() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
