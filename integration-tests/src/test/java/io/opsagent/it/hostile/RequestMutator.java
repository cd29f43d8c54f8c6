package io.opsagent.it.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Makes one hostile request from a seeded {@link Random}: a valid request from a small corpus, then
 * one to three mutations (flipped, inserted, deleted or repeated bytes, truncation, bare LFs,
 * pipelining, chunked bodies, oversized heads) or plain binary junk. The same seed gives the same bytes.
 */
final class RequestMutator {
    private static final String[] CORPUS = {
        "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        "GET /info HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer TOKEN\r\n\r\n",
        "HEAD /health HTTP/1.1\r\nHost: h\r\n\r\n",
        "POST /commands/gc HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
        "GET /metrics HTTP/1.0\r\n\r\n",
        "POST /heapdumps HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
        "GET /gc?last=2 HTTP/1.1\r\nAuthorization: Bearer TOKEN\r\nConnection: keep-alive\r\n\r\n",
        "DELETE /heapdumps/x HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n",
        "GET /selftest HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
    };
    private static final String[] SPICE = {
        "\r\n", "\n", "%", "%%", "%zz", "%0", "\0", ":", " ", "\t", "\u00ff", "?", "&=&", "/..", "//",
        "Content-Length: 99999\r\n", "Content-Length: -1\r\n", "Content-Length: 5\r\n", "Transfer-Encoding: chunked\r\n",
        "Connection: close\r\n", "Expect: 100-continue\r\n", "Authorization: Basic eDp5\r\n", "X-OpsAgent-CSRF: 1\r\n",
        "GET / HTTP/1.1\r\n\r\n", "HTTP/1.1", "\r\n\r\n",
    };

    private RequestMutator() {
    }

    static byte[] request(Random r, String token) {
        if (r.nextInt(20) == 0) {
            byte[] junk = new byte[1 + r.nextInt(4000)];
            r.nextBytes(junk);
            return junk;
        }
        byte[] b = base(r, token);
        int mutations = 1 + r.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            b = mutate(r, b, token);
        }
        return b;
    }

    private static byte[] base(Random r, String token) {
        return CORPUS[r.nextInt(CORPUS.length)].replace("TOKEN", token).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] mutate(Random r, byte[] b, String token) {
        int at = b.length == 0 ? 0 : r.nextInt(b.length);
        switch (r.nextInt(10)) {
            case 0: { // flip bytes
                byte[] c = b.clone();
                for (int i = 0, n = 1 + r.nextInt(4); i < n && c.length > 0; i++) {
                    c[r.nextInt(c.length)] ^= (byte) (1 << r.nextInt(8));
                }
                return c;
            }
            case 1:
                return splice(b, at, at, SPICE[r.nextInt(SPICE.length)].getBytes(StandardCharsets.ISO_8859_1));
            case 2: { // delete a range
                int end = Math.min(b.length, at + 1 + r.nextInt(20));
                return splice(b, at, end, new byte[0]);
            }
            case 3: { // repeat a range, up to a long head
                int end = Math.min(b.length, at + 1 + r.nextInt(10));
                ByteArrayOutputStream rep = new ByteArrayOutputStream();
                for (int i = 0, n = 1 + r.nextInt(r.nextBoolean() ? 10 : 1200); i < n; i++) {
                    rep.write(b, at, end - at);
                }
                return splice(b, end, end, rep.toByteArray());
            }
            case 4: // truncate
                return java.util.Arrays.copyOf(b, at);
            case 5: // bare LF line ends
                return new String(b, StandardCharsets.ISO_8859_1).replace("\r\n", "\n").getBytes(StandardCharsets.ISO_8859_1);
            case 6: { // pipelining
                byte[] next = base(r, token);
                return splice(b, b.length, b.length, next);
            }
            case 7: // random bytes inserted
                byte[] junk = new byte[1 + r.nextInt(16)];
                r.nextBytes(junk);
                return splice(b, at, at, junk);
            case 8: // a header far over the head limit
                return splice(b, Math.max(0, indexOfCrlf(b)), Math.max(0, indexOfCrlf(b)),
                        ("\r\nX-Big: " + "b".repeat(8000 + r.nextInt(2000))).getBytes(StandardCharsets.ISO_8859_1));
            default: { // a chunked or lying body
                String body = r.nextBoolean() ? "ffffffff\r\nx" : "3\r\nabc\r\nzz\r\n";
                return splice(b, b.length, b.length, body.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
    }

    private static int indexOfCrlf(byte[] b) {
        for (int i = 0; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return b.length;
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
        byte[] out = new byte[b.length - (to - from) + insert.length];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(b, to, out, from + insert.length, b.length - to);
        return out;
    }
}
