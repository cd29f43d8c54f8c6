package io.opsagent.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class IsoTimeTest {
    private static final long AT = 1795371683873L; // 2026-11-22T18:21:23.873Z

    @Test
    void millisecondsAlwaysHaveThreeDigits() {
        assertEquals("2026-11-22T18:21:23.873Z", IsoTime.of(AT));
        assertEquals("2026-11-22T18:21:23.000Z", IsoTime.of(AT - 873));
        assertEquals("2026-11-22T18:21:23.070Z", IsoTime.of(AT - 803));
    }

    @Test
    void secondsAndCompactDropTheFraction() {
        assertEquals("2026-11-22T18:21:23Z", IsoTime.seconds(AT));
        assertEquals("20261122-182123", IsoTime.compact(AT));
        assertEquals("1969-12-31T23:59:59Z", IsoTime.seconds(-1));
    }

    @Test
    void httpDateMatchesTheRfcFormatOfTheJdk() {
        java.time.format.DateTimeFormatter rfc = java.time.format.DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US)
                .withZone(java.time.ZoneOffset.UTC);
        assertEquals("Sun, 22 Nov 2026 18:21:23 GMT", IsoTime.http(AT));
        for (long t : new long[] {0, 86_399_999L, 951_782_400_000L, 4_102_444_799_000L, AT + 123_456_789_012L}) {
            assertEquals(rfc.format(java.time.Instant.ofEpochMilli(t)), IsoTime.http(t), Long.toString(t));
        }
    }
}
