package io.opsagent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestFramingTest {
    private static RequestFraming.Frame frame(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return RequestFraming.frame(b, b.length);
    }

    @Test
    void aCompleteRequestIsFramedWithItsBodyAndLeavesWhatFollows() {
        String first = "POST /commands/gc HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}";
        RequestFraming.Frame f = frame(first + "GET / HTTP/1.1\r\n\r\n");
        assertEquals(first.length(), f.length);
        assertEquals("POST", f.method);
        assertEquals("/commands/gc", f.target);
        assertFalse(f.close);
    }

    @Test
    void anUnfinishedHeadOrBodyNeedsMoreBytes() {
        assertNull(frame("GET /health/live HTTP/1.1\r\nHost: x\r\n"));
        assertNull(frame("POST /x HTTP/1.1\r\nContent-Length: 5\r\n\r\nab"));
        assertNull(frame(""));
    }

    @Test
    void bareLineFeedsAndLeadingEmptyLinesAreAccepted() {
        assertEquals("/a", frame("\r\nGET /a HTTP/1.1\nHost: x\n\n").target);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "HTTP/1.0 without keep-alive    | GET / HTTP/1.0\\r\\n\\r\\n                           | true",
        "HTTP/1.0 with keep-alive       | GET / HTTP/1.0\\r\\nConnection: keep-alive\\r\\n\\r\\n | false",
        "HTTP/1.1 asking to close       | GET / HTTP/1.1\\r\\nConnection: Close\\r\\n\\r\\n       | true",
        "HTTP/1.1 default               | GET / HTTP/1.1\\r\\n\\r\\n                           | false",
    })
    void connectionPersistenceFollowsTheVersionAndHeader(String what, String request, boolean close) {
        assertEquals(close, frame(request.replace("\\r\\n", "\r\n")).close, what);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "400 | GET /health/%%zz HTTP/1.1",
        "400 | GET /health/%zz HTTP/1.1",
        "400 | GET /a?b=%4 HTTP/1.1",
        "400 | GET /a b HTTP/1.1",
        "400 | GET a HTTP/1.1",
        "400 | GET /a HTTP/2.0",
        "400 | G(T /a HTTP/1.1",
        "400 | GET /a HTTP/1.1\\r\\nno colon",
        "400 | GET /a HTTP/1.1\\r\\n folded: x",
        "400 | GET /a HTTP/1.1\\r\\nContent-Length: -1",
        "400 | GET /a HTTP/1.1\\r\\nContent-Length: 1\\r\\nContent-Length: 2",
        "411 | POST /a HTTP/1.1\\r\\nTransfer-Encoding: chunked",
        "413 | POST /a HTTP/1.1\\r\\nContent-Length: 65537",
    })
    void malformedRequestsAreRefusedWithAClearStatusAndClose(int status, String head) {
        HttpError e = assertThrows(HttpError.class, () -> frame(head.replace("\\r\\n", "\r\n") + "\r\n\r\n"));
        assertEquals(status, e.status());
        assertTrue(e.toReply().closesConnection());
    }

    @Test
    void anOversizedHeadIsRefusedEvenBeforeItEnds() {
        HttpError e = assertThrows(HttpError.class, () -> frame("GET / HTTP/1.1\r\nX: " + new String(new char[9000]).replace('\0', 'a')));
        assertEquals(431, e.status());
    }

    @Test
    void theRawPathDropsTheQuery() {
        assertEquals("/health/live", RequestFraming.rawPath("/health/live?x=1"));
        assertEquals("/health/live", RequestFraming.rawPath("/health/live"));
    }
}
