package io.opsagent.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.opsagent.http.HttpError;
import org.junit.jupiter.api.Test;

class ProfilerSlotTest {
    @Test
    void oneAtATimeAnd429NamesTheHolder() {
        ProfilerSlot slot = new ProfilerSlot();
        ProfilerSlot.Held first = slot.take("cpu profile");
        assertNull(slot.tryTake("sites"));
        HttpError e = assertThrows(HttpError.class, () -> slot.take("alloc profile"));
        assertEquals(429, e.status());
        assertEquals("a profile is already running (cpu profile)", e.getMessage());
        first.close();
        first.close();
        ProfilerSlot.Held second = slot.tryTake("sites");
        assertNotNull(second);
        first.close();
        assertEquals("sites", slot.holder(), "closing twice never frees someone else's slot");
    }
}
