package io.opsagent.jfr;

import io.opsagent.config.AgentConfig;
import io.opsagent.config.Keys;
import io.opsagent.core.AgentContext;
import io.opsagent.core.Feature;
import io.opsagent.core.Scope;
import io.opsagent.heap.AutoDumpListeners;
import io.opsagent.http.Role;
import io.opsagent.http.Route;
import io.opsagent.util.FilePerms;
import io.opsagent.util.Log;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * JFR recordings over the endpoint (operator only: a recording holds thread names, system properties
 * and class names), and the optional continuous recording, dumped beside every automatic heap dump.
 */
public final class JfrFeature implements Feature {
    private Recordings recordings;

    @Override
    public void start(AgentContext c) throws Exception {
        Path dir = FilePerms.privateDir(c.dataDir().resolve("jfr"));
        removeLeftovers(dir);
        recordings = new Recordings(dir);
        // a stopped agent leaves no recording running in its host
        c.scope().onClose(this::stopRecordings);
        JfrEndpoints e = new JfrEndpoints(recordings, c.router());
        c.scope().route(Route.post("/jfr", Role.OPERATOR, null, e::start).needsDump());
        c.scope().route(Route.get("/jfr", Role.OPERATOR, null, e::list));
        c.scope().route(Route.get("/jfr/{id}", Role.OPERATOR, null, e::download).needsDump());
        c.scope().route(Route.delete("/jfr/{id}", Role.OPERATOR, null, e::delete));
        if (c.config().get().get(Keys.JFR_CONTINUOUS)) {
            startContinuous(c.scope(), c.config().get(), dir);
        }
    }

    private void startContinuous(Scope scope, AgentConfig cfg, Path dir) {
        String why = Jfr.unavailable();
        if (why != null) {
            Log.warn("jfr.continuous=true but " + why);
            return;
        }
        long maxSize = cfg.get(Keys.JFR_MAXSIZE).resolve(dir.toFile().getUsableSpace());
        final JfrRecording rec = new JfrRecording(JfrRecording.CONTINUOUS, "default", System.currentTimeMillis(), 0, Long.toString(maxSize),
                dir.resolve(JfrRecording.CONTINUOUS + ".jfr"));
        try {
            Jfr.start(rec.name, "settings=default", "disk=true", "maxage=" + Math.max(1, cfg.get(Keys.JFR_MAXAGE) / 1000) + "s", "maxsize=" + maxSize);
        } catch (Exception e) {
            Log.warn("the continuous JFR recording did not start: " + e.getMessage());
            return;
        }
        recordings.add(rec);
        final AutoDumpListeners.Listener besideDumps = new AutoDumpListeners.Listener() {
            @Override
            public void dumped(Path hprof) {
                String n = hprof.getFileName().toString();
                Path beside = hprof.resolveSibling((n.endsWith(".hprof") ? n.substring(0, n.length() - 6) : n) + ".jfr");
                Path part = beside.resolveSibling(beside.getFileName() + ".part");
                try {
                    // under its real name only once complete, like the dump it sits beside
                    Jfr.dump(rec.name, part);
                    FilePerms.ownerOnly(part);
                    Files.move(part, beside, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    Log.info("continuous JFR recording dumped beside the automatic heap dump: " + beside);
                } catch (Exception e) {
                    Log.warn("the continuous JFR recording could not be dumped beside " + n + ": " + e.getMessage());
                }
            }
        };
        AutoDumpListeners.add(besideDumps);
        scope.onClose(() -> AutoDumpListeners.remove(besideDumps));
        Log.info("continuous JFR recording started (maxage " + cfg.get(Keys.JFR_MAXAGE) / 1000 + "s, maxsize " + maxSize + " bytes)");
    }

    /** Files of an earlier attach: no index knows them any more. */
    private static void removeLeftovers(Path dir) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.jfr")) {
            for (Path p : files) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            Log.warn("cannot clean " + dir + ": " + e.getMessage());
        }
    }

    private void stopRecordings() {
        for (JfrRecording rec : recordings.all()) {
            if (rec.running()) {
                Jfr.stopQuietly(rec.name);
            }
        }
    }
}
