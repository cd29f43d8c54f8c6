package io.opsagent.util;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * The agent's own logger. It never touches {@code java.util.logging} configuration, which belongs
 * to the host: warnings and the start-up line go to the host's stderr prefixed {@code [opsagent]};
 * everything goes to {@code agent.log} in the data directory, capped in size.
 */
public final class Log {
    private static final long MAX_FILE_BYTES = 5L * 1024 * 1024;
    private static final Object LOCK = new Object();
    private static volatile File file;
    private static volatile boolean debug = Boolean.getBoolean("opsagent.debug");
    private static OutputStream out;
    private static long written;

    private Log() {
    }

    /** From now on, also write to this file (rotated once at 5 MiB to {@code agent.log.1}). */
    public static void toFile(File f) {
        synchronized (LOCK) {
            closeQuietly();
            file = f;
        }
    }

    public static void close() {
        synchronized (LOCK) {
            closeQuietly();
            file = null;
        }
    }

    /** A line ops should see on the host's console. */
    public static void console(String msg) {
        System.err.println("[opsagent] " + msg);
        write("INFO", msg);
    }

    /** The line on the host's console; the stack trace of {@code t} in {@code agent.log} only. */
    public static void console(String msg, Throwable t) {
        System.err.println("[opsagent] " + msg);
        write("INFO", msg + "\n" + stackTrace(t));
    }

    public static void info(String msg) {
        write("INFO", msg);
    }

    public static void warn(String msg) {
        System.err.println("[opsagent] " + msg);
        write("WARN", msg);
    }

    /**
     * One line on the host's stderr ({@code msg: exception}); the stack trace goes to {@code agent.log} only,
     * so a failure can be diagnosed without flooding the host's console.
     */
    public static void warn(String msg, Throwable t) {
        String line = msg + ": " + t;
        System.err.println("[opsagent] " + line);
        write("WARN", line + "\n" + stackTrace(t));
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        String s = w.toString();
        return s.replaceAll("\\s+$", "");
    }

    public static void debug(String msg) {
        if (debug) {
            write("DEBUG", msg);
        }
    }

    private static void write(String level, String msg) {
        File f = file;
        if (f == null) {
            return;
        }
        synchronized (LOCK) {
            try {
                if (out == null) {
                    out = new FileOutputStream(f, true);
                    written = f.length();
                    FilePerms.ownerOnly(f.toPath());
                }
                byte[] line = (IsoTime.now() + " " + level + " " + msg + "\n").getBytes(StandardCharsets.UTF_8);
                out.write(line);
                out.flush();
                written += line.length;
                if (written > MAX_FILE_BYTES) {
                    closeQuietly();
                    File old = new File(f.getPath() + ".1");
                    old.delete();
                    f.renameTo(old);
                }
            } catch (IOException | RuntimeException e) {
                closeQuietly();
            }
        }
    }

    private static void closeQuietly() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // nothing to do: the log is best effort
            }
            out = null;
        }
    }
}
