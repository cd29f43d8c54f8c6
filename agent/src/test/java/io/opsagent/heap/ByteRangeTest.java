package io.opsagent.heap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ByteRangeTest {
    @ParameterizedTest
    @CsvSource({"bytes=0-99, 0, 99", "bytes=100-, 100, 999", "bytes=-10, 990, 999", "bytes=990-5000, 990, 999",
            "bytes=-5000, 0, 999", "BYTES=5-5, 5, 5"})
    void servesOneRange(String header, long first, long last) {
        ByteRange r = ByteRange.parse(header, 1000);
        assertEquals(first, r.first);
        assertEquals(last, r.last);
        assertEquals(last - first + 1, r.length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=1000-", "bytes=5-4", "bytes=-0", "bytes=0-1,5-6", "items=0-5", "bytes=a-b", "bytes=5", "bytes=--5"})
    void refusesWhatCannotBeServed(String header) {
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse(header, 1000));
    }

    @Test
    void noHeaderMeansTheWholeFile() {
        assertNull(ByteRange.parse(null, 1000));
    }
}
