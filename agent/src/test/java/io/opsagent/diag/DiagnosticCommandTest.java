package io.opsagent.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DiagnosticCommandTest {
    @Test
    void operationNamesFollowHotSpotsRule() {
        assertEquals("gcClassHistogram", DiagnosticCommand.operationName("GC.class_histogram"));
        assertEquals("vmFlags", DiagnosticCommand.operationName("VM.flags"));
        assertEquals("threadPrint", DiagnosticCommand.operationName("Thread.print"));
        assertEquals("vmSystemProperties", DiagnosticCommand.operationName("VM.system_properties"));
    }

    @Test
    void runsAHistogramInThisJvm() throws Exception {
        ClassHistogram h = ClassHistogram.take(false);
        assertTrue(h.rows.size() > 100, "rows: " + h.rows.size());
        boolean sawString = false;
        for (ClassHistogram.Row r : h.rows) {
            sawString |= r.className.equals("java.lang.String") && r.instances > 0 && r.bytes > 0;
        }
        assertTrue(sawString, "java.lang.String missing from the histogram");
    }

    @Test
    void parsesRowsWithAndWithoutModules() {
        ClassHistogram h = ClassHistogram.parse(" num     #instances         #bytes  class name (module)\n"
                + "-------------------------------------------------------\n"
                + "   1:          1200        3400000  [B (java.base@17.0.15)\n"
                + "   2:            10            240  io.opsagent.demo.DemoLeakedRecord\n"
                + "Total          1210        3400240\n", 5L);
        assertEquals(2, h.rows.size());
        assertEquals("[B", h.rows.get(0).className);
        assertEquals(3400000L, h.rows.get(0).bytes);
        assertEquals("io.opsagent.demo.DemoLeakedRecord", h.rows.get(1).className);
        assertEquals(10L, h.rows.get(1).instances);
    }
}
