package io.opsagent.cli.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ShellPartsTest {
    @Test
    void wordsKeepQuotedSpaces() {
        assertEquals(Arrays.asList("log-level", "", "DEBUG"), Words.split("log-level \"\" DEBUG"));
        assertEquals(Arrays.asList("jcmd", "VM.uptime"), Words.split("  jcmd   VM.uptime "));
        assertEquals(Arrays.asList("flag", "HeapDumpPath", "/tmp/a b"), Words.split("flag HeapDumpPath '/tmp/a b'"));
    }

    @Test
    void historyExpandsNumbersAndTheLastLine() {
        History h = new History();
        assertNull(h.expand("!!"));
        h.add("memory");
        h.add("gc");
        assertEquals("memory", h.expand("!1"));
        assertEquals("gc", h.expand("!!"));
        assertEquals("memory", h.expand("!-2"));
        assertNull(h.expand("!3"));
        assertNull(h.expand("!x"));
        assertTrue(h.render().contains("    2  gc"));
    }

    @Test
    void historyIsBounded() {
        History h = new History();
        for (int i = 1; i <= History.MAX + 5; i++) {
            h.add("line " + i);
        }
        assertNull(h.expand("!5"));
        assertEquals("line 6", h.expand("!6"));
        assertEquals("line " + (History.MAX + 5), h.expand("!!"));
    }

    @Test
    void progressBarShowsShareAndSizes() {
        assertEquals("[###############               ]  50% 1.0 MiB / 2.0 MiB", ProgressBar.line(1 << 20, 2 << 20));
        assertEquals("downloading 3.0 MiB", ProgressBar.line(3 << 20, -1));
    }
}
