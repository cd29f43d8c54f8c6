package io.opsagent.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.opsagent.http.HttpError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProfileSpecTest {
    @ParameterizedTest
    @CsvSource({"cpu,10ms,10000000", "cpu,500us,500000", "wall,1s,1000000000", "alloc,512k,524288", "alloc,2m,2097152", "alloc,4096,4096",
        "lock,0us,0", "lock,10us,10000"})
    void intervalsAreTimesOrBytesByEvent(String event, String text, long expected) {
        assertEquals(expected, ProfileSpec.parseInterval(event, text));
    }

    @ParameterizedTest
    @CsvSource({"cpu,10", "cpu,50us", "cpu,10kb", "alloc,10ms", "alloc,100", "wall,-1ms"})
    void badIntervalsAre400(String event, String text) {
        HttpError e = assertThrows(HttpError.class, () -> ProfileSpec.parseInterval(event, text));
        assertEquals(400, e.status());
    }

    @ParameterizedTest
    @CsvSource({"cpu,10000000", "wall,50000000", "alloc,524288", "lock,10000"})
    void defaultsFollowAsyncProfilers(String event, long expected) {
        assertEquals(expected, ProfileSpec.defaultInterval(event));
    }
}
