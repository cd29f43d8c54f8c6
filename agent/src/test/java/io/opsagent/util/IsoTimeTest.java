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
}
