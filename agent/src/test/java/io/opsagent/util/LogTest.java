package io.opsagent.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A caught failure: one line on the host's console, the stack trace in agent.log only. */
class LogTest {
    @TempDir
    Path dir;

    @Test
    void warnWithAThrowableKeepsTheStackTraceInTheFileOnly() throws Exception {
        Path file = dir.resolve("agent.log");
        PrintStream saved = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Log.toFile(file.toFile());
        try {
            System.setErr(new PrintStream(console, true, "UTF-8"));
            Log.warn("request GET /x failed", new IllegalStateException("outer", new ArithmeticException("inner")));
        } finally {
            System.setErr(saved);
            Log.close();
        }
        String err = new String(console.toByteArray(), StandardCharsets.UTF_8);
        assertEquals("[opsagent] request GET /x failed: java.lang.IllegalStateException: outer" + System.lineSeparator(), err);
        String log = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        assertTrue(log.contains(" WARN request GET /x failed: java.lang.IllegalStateException: outer\n"), log);
        assertTrue(log.contains("\tat io.opsagent.util.LogTest.warnWithAThrowableKeepsTheStackTraceInTheFileOnly"), log);
        assertTrue(log.contains("Caused by: java.lang.ArithmeticException: inner"), log);
    }
}
