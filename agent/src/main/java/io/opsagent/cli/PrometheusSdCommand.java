package io.opsagent.cli;

import io.opsagent.cli.attach.JvmList;
import io.opsagent.cli.attach.Reason;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code list --prometheus [--watch FILE] [--interval=SECONDS]}: the agents on this host as Prometheus
 * file-SD JSON, printed once, or kept up to date in FILE until killed. FILE is replaced by an atomic rename
 * of a sibling temporary file, so Prometheus never reads half a document, and only when the agents changed.
 */
final class PrometheusSdCommand {
    static final String FLAG = "--prometheus";
    private static final int DEFAULT_INTERVAL_SECONDS = 10;

    private PrometheusSdCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws UsageException {
        Path watch = null;
        int interval = DEFAULT_INTERVAL_SECONDS;
        for (int i = 2; i < args.length; i++) {
            if ("--watch".equals(args[i]) && i + 1 < args.length) {
                watch = Paths.get(args[++i]).toAbsolutePath();
            } else if (args[i].startsWith("--interval=")) {
                interval = seconds(args[i].substring("--interval=".length()));
            } else {
                throw new UsageException("list --prometheus takes [--watch FILE] [--interval=SECONDS], not '" + args[i] + "'");
            }
        }
        if (watch == null) {
            out.print(PrometheusTargets.render(agents()));
            return Reason.OK;
        }
        return watchForever(watch, interval, err);
    }

    private static int watchForever(Path file, int intervalSeconds, PrintStream err) {
        String last = null;
        err.println("opsagent: keeping " + file + " up to date every " + intervalSeconds + " s; stop with Ctrl-C");
        while (!Thread.currentThread().isInterrupted()) {
            try {
                String now = PrometheusTargets.render(agents());
                if (!now.equals(last)) {
                    replace(file, now);
                    last = now;
                }
            } catch (IOException | RuntimeException e) {
                err.println("opsagent: cannot write " + file + ": " + e + "; retrying in " + intervalSeconds + " s");
            }
            try {
                Thread.sleep(intervalSeconds * 1000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return Reason.OK;
    }

    /** Writes a sibling temporary file and renames it over {@code file}: readers see the old or the new document. */
    static void replace(Path file, String content) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.write(tmp, content.getBytes(StandardCharsets.UTF_8));
            readableByPrometheus(tmp);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A temporary file is 0600; Prometheus often runs as its own user. The document holds no secret. */
    private static void readableByPrometheus(Path p) {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException | UnsupportedOperationException ignored) {
            // not POSIX: the platform's default applies
        }
    }

    /** The JVMs {@code list} finds whose agent answers, with the JVM version their discovery file names. */
    private static List<PrometheusTargets.Agent> agents() {
        List<PrometheusTargets.Agent> out = new ArrayList<PrometheusTargets.Agent>();
        for (JvmList.Entry e : JvmList.list()) {
            if (e.agentUrl != null) {
                out.add(new PrometheusTargets.Agent(e.pid, e.main, e.agentUrl, e.javaVersion));
            }
        }
        return out;
    }

    private static int seconds(String s) throws UsageException {
        try {
            int v = Integer.parseInt(s);
            if (v >= 1 && v <= 3600) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UsageException("--interval wants whole seconds from 1 to 3600, not '" + s + "'");
    }
}
