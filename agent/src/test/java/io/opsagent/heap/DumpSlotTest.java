package io.opsagent.heap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.opsagent.core.Readiness;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** One dump at a time, and the instance is not ready from the start of the write until the slot is freed. */
class DumpSlotTest {
    @Test
    void oneHolderAtATimeAndReadinessOnlyWhileDraining() {
        Readiness readiness = new Readiness();
        DumpSlot slot = new DumpSlot(readiness);
        DumpSlot.Held held = slot.tryTake("first");
        assertNotNull(held);
        assertNull(slot.tryTake("second"), "a second dump is refused while one holds the slot");
        assertEquals(Collections.emptyList(), readiness.reasons(), "taking the slot (a dump waiting for a GC) keeps the instance ready");

        held.drain();
        held.drain();
        assertEquals(Collections.singletonList(DumpSlot.NOT_READY), readiness.reasons(), "one hold however often drain is called");

        held.close();
        held.close();
        assertEquals(Collections.emptyList(), readiness.reasons(), "freed with the slot");
        assertNull(slot.holder());
        held.drain();
        assertEquals(Collections.emptyList(), readiness.reasons(), "a freed slot cannot drain again");
        assertNotNull(slot.tryTake("next"));
    }
}
