package io.opsagent.it.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.RawHttp;
import io.opsagent.it.support.TargetJvm;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Connections cannot hold a thread or a slot beyond a bounded time, whatever the client sends or stops
 * sending; after each malformed exchange threads, connections, slots and CPU come back to idle.
 */
class ConnectionLimitsTest {
    private static final int MAX_CONCURRENT = 4;

    /** Regression: unterminated headers then a half-close made NanoHTTPD's loop spin a core forever. */
    @Test
    void unterminatedHeadersAndHalfCloseLeaveNoSpinningThread() throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).agentArgs("port=0,max.concurrent=" + MAX_CONCURRENT).start()) {
            URI u = URI.create(jvm.agentUrl());
            for (int i = 0; i < 3; i++) {
                String answer = Wire.halfClosed(u, "GET /health/live HTTP/1.1\r\nHost: x\r\n");
                assertTrue(answer.isEmpty(), "an unfinished request is not answered, the connection just closes: " + answer);
            }
            IdleState.assertIdle(jvm, MAX_CONCURRENT);
        }
    }

    @Test
    void malformedExchangesGetAnAnswerOrACloseAndEverythingReturnsToIdle() throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).agentArgs("port=0,rate.limit=1000/s,max.concurrent=" + MAX_CONCURRENT).start()) {
            URI u = URI.create(jvm.agentUrl());
            String h = u.getHost();
            int p = u.getPort();
            assertJson(400, RawHttp.exchange(h, p, "GET /health/%%zz HTTP/1.1\r\nHost: x\r\n\r\n"), "bad percent-escape");
            assertJson(400, RawHttp.exchange(h, p, "GET /health/%zz HTTP/1.1\r\nHost: x\r\n\r\n"), "bad hex in escape");
            assertJson(400, RawHttp.exchange(h, p, "GET /health/live?x=%G0 HTTP/1.1\r\nHost: x\r\n\r\n"), "bad escape in the query");
            assertJson(400, RawHttp.exchange(h, p, "GET /health live HTTP/1.1\r\nHost: x\r\n\r\n"), "space in the target");
            assertJson(400, RawHttp.exchange(h, p, "GET health/live HTTP/1.1\r\nHost: x\r\n\r\n"), "target without slash");
            assertJson(400, RawHttp.exchange(h, p, "GET /health/live HTTP/2.0\r\nHost: x\r\n\r\n"), "unknown version");
            assertJson(400, RawHttp.exchange(h, p, "GET /health/live HTTP/1.1\r\nno colon here\r\n\r\n"), "header without colon");
            assertJson(400, RawHttp.exchange(h, p, "GET /health/live HTTP/1.1\r\nContent-Length: x1\r\n\r\n"), "bad Content-Length");
            assertJson(400, RawHttp.exchange(h, p, "GET /health/live HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"), "two lengths");
            assertJson(400, RawHttp.exchange(h, p, "BREW /health/live HTTP/1.1\r\nHost: x\r\n\r\n"), "unknown method");
            assertJson(411, RawHttp.exchange(h, p, "POST /commands/gc HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"), "chunked");
            assertJson(413, RawHttp.exchange(h, p, "POST /commands/gc HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n"), "huge body");
            assertJson(431, RawHttp.exchange(h, p, "GET /health/live HTTP/1.1\r\nX: " + "a".repeat(9000) + "\r\n\r\n"), "huge head");
            byte[] junk = new byte[3000];
            new java.util.Random(7).nextBytes(junk);
            String binary = RawHttp.exchange(h, p, junk);
            assertTrue(binary.isEmpty() || binary.startsWith("HTTP/1.1 4"), "binary junk: " + binary);
            assertEquals("", Wire.halfClosed(u, "POST /commands/gc HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc"), "body cut short");
            assertEquals("", Wire.halfClosed(u, "GET /heal"), "request line cut short");
            String two = Wire.halfClosed(u, "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\nGET /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(2, two.split("HTTP/1.1 200", -1).length - 1, "two pipelined requests, two answers: " + two);
            IdleState.assertIdle(jvm, MAX_CONCURRENT);
        }
    }

    /** A client trickling its head a byte at a time is cut off by the request deadline, not kept forever. */
    @Test
    void aTrickledHeadIsCutOffByTheRequestDeadline() throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).agentArgs("port=0,max.concurrent=" + MAX_CONCURRENT).start();
                Socket s = new Socket()) {
            URI u = URI.create(jvm.agentUrl());
            s.connect(new InetSocketAddress(u.getHost(), u.getPort()), 5000);
            s.setSoTimeout(500);
            OutputStream out = s.getOutputStream();
            byte[] head = "GET /health/live HTTP/1.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
            out.write(head);
            long start = System.currentTimeMillis();
            String answer = null;
            while (answer == null && System.currentTimeMillis() - start < 40_000) {
                try {
                    out.write('a');
                    out.flush();
                } catch (java.io.IOException closed) {
                    answer = Wire.readAll(s.getInputStream());
                    break;
                }
                try {
                    int b = s.getInputStream().read();
                    answer = b < 0 ? "" : (char) b + Wire.readAll(s.getInputStream());
                } catch (SocketTimeoutException stillOpen) {
                    // keep trickling
                }
            }
            assertTrue(answer != null, "the agent still waits for a head trickled for 40 s");
            assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 408"), "cut off with 408 or a close: " + answer);
            IdleState.assertIdle(jvm, MAX_CONCURRENT);
        }
    }

    private static void assertJson(int status, String answer, String what) {
        assertEquals(status, IdleState.status(answer), what + ": " + answer);
        assertTrue(answer.contains("\"error\"") && answer.contains("\"hint\""), what + " answers {error, hint}: " + answer);
    }
}
