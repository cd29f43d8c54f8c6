package io.opsagent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateLimiterTest {
    private static final long SECOND = 1_000_000_000L;

    @ParameterizedTest(name = "{0}/s allows a burst of {1}, then waits {2} s")
    @CsvSource({"20, 20, 1", "1, 1, 1", "0.5, 1, 2", "100, 100, 1"})
    void aBurstOfOneSecondsWorthThenARetryAfter(double rate, int burst, long wait) {
        RateLimiter l = new RateLimiter(rate);
        for (int i = 0; i < burst; i++) {
            assertEquals(0, l.acquire("a", 0), "request " + i + " of the burst");
        }
        assertEquals(wait, l.acquire("a", 0));
    }

    @Test
    void tokensComeBackWithTimeAndClientsAreApart() {
        RateLimiter l = new RateLimiter(2);
        assertEquals(0, l.acquire("a", 0));
        assertEquals(0, l.acquire("a", 0));
        assertTrue(l.acquire("a", 0) > 0);
        assertEquals(0, l.acquire("b", 0), "another address has its own bucket");
        assertEquals(0, l.acquire("a", SECOND / 2), "half a second at 2/s brings one token back");
        assertTrue(l.acquire("a", SECOND / 2) > 0);
    }

    @Test
    void aClockGoingBackwardsAddsNoTokens() {
        RateLimiter l = new RateLimiter(1);
        assertEquals(0, l.acquire("a", 10 * SECOND));
        assertTrue(l.acquire("a", 5 * SECOND) > 0);
    }

    @Test
    void manyAddressesDoNotGrowTheTableWithoutBoundAndForgetTheOldest() {
        RateLimiter l = new RateLimiter(1);
        assertEquals(0, l.acquire("first", 0));
        for (int i = 0; i < 5000; i++) {
            l.acquire("scan-" + i, 0);
        }
        assertEquals(0, l.acquire("first", 0), "the first client was forgotten, so it starts with a full bucket");
    }
}
