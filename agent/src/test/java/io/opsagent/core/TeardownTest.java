package io.opsagent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order and robustness every scope and the agent itself rely on. */
class TeardownTest {
    @Test
    void stepsRunNewestFirstAndOnlyOnce() {
        List<String> ran = new ArrayList<String>();
        Teardown t = new Teardown("test");
        t.add(() -> ran.add("a"));
        t.add(() -> ran.add("b"));
        t.add(() -> ran.add("c"));
        t.close();
        t.close();
        assertEquals(Arrays.asList("c", "b", "a"), ran);
    }

    @Test
    void aStepThatThrowsDoesNotStopTheOthers() {
        List<String> ran = new ArrayList<String>();
        Teardown t = new Teardown("test");
        t.add(() -> ran.add("a"));
        t.add(() -> {
            throw new IllegalStateException("broken on purpose");
        });
        t.add(() -> {
            throw new NoClassDefFoundError("broken on purpose");
        });
        t.add(() -> ran.add("d"));
        t.close();
        assertEquals(Arrays.asList("d", "a"), ran);
    }

    @Test
    void nothingCanBeAddedOnceClosed() {
        Teardown t = new Teardown("test");
        t.close();
        assertThrows(IllegalStateException.class, () -> t.add(() -> { }));
    }
}
