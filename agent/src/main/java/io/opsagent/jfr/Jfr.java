package io.opsagent.jfr;

import io.opsagent.diag.DiagnosticCommand;
import io.opsagent.http.HttpError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * JFR through the DiagnosticCommand MBean ({@code JFR.start}, {@code JFR.dump}, {@code JFR.stop}):
 * no attach, no jdk.jfr API, so the agent stays Java 8 bytecode and works the same on 8u262+ and 11+.
 */
public final class Jfr {
    private Jfr() {
    }

    /** Null when this JVM can record, else why not (Java 8 before 8u262, OpenJ9, a JVM without the MBean). */
    public static String unavailable() {
        try {
            DiagnosticCommand.run("JFR.check");
            return null;
        } catch (DiagnosticCommand.Unsupported e) {
            return "this JVM (" + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ") has no JFR: " + e.getMessage();
        } catch (RuntimeException e) {
            return "JFR is not usable here: " + e.getMessage();
        }
    }

    /** 501 with the reason when this JVM has no JFR. */
    public static void require() {
        String why = unavailable();
        if (why != null) {
            throw new HttpError(501, why, "JFR needs Java 11+ or Java 8u262+ on HotSpot");
        }
    }

    /** Starts a named recording; {@code options} are JFR.start's own (settings=, duration=, maxsize=, maxage=, disk=, filename=). */
    public static String start(String name, String... options) throws DiagnosticCommand.Unsupported {
        List<String> args = new ArrayList<String>();
        args.add("name=" + name);
        for (String o : options) {
            if (o != null) {
                args.add(o);
            }
        }
        return DiagnosticCommand.run("JFR.start", args.toArray(new String[0]));
    }

    /** Writes what the recording holds so far to {@code file}; the recording goes on. */
    public static void dump(String name, Path file) throws DiagnosticCommand.Unsupported {
        DiagnosticCommand.run("JFR.dump", "name=" + name, "filename=" + file.toAbsolutePath());
    }

    /** Stops a recording, writing it to {@code file} first when not null. */
    public static void stop(String name, Path file) throws DiagnosticCommand.Unsupported {
        if (file == null) {
            DiagnosticCommand.run("JFR.stop", "name=" + name);
        } else {
            DiagnosticCommand.run("JFR.stop", "name=" + name, "filename=" + file.toAbsolutePath());
        }
    }

    /** Stops a recording if it runs, ignoring every failure: for clean-up paths. */
    public static void stopQuietly(String name) {
        try {
            stop(name, null);
        } catch (Exception | LinkageError ignored) {
            // already stopped, or JFR went away with the JVM
        }
    }

    /** True while JFR.check lists a recording of this name. */
    public static boolean running(String name) {
        try {
            String out = DiagnosticCommand.run("JFR.check", "name=" + name);
            return out.contains("name=" + name) && out.contains("(running)");
        } catch (Exception e) {
            return false;
        }
    }
}
