package io.opsagent.jfr;

import io.opsagent.util.IsoTime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** One recording the agent started: JFR holds the data while it runs; the file is written on dump or at its end. */
final class JfrRecording {
    static final String CONTINUOUS = "continuous";

    final String id;
    final String name;
    final String settings;
    final long startedMillis;
    /** 0 when it runs until stopped. */
    final long durationMillis;
    final String maxSize;
    final Path file;
    private volatile boolean stopped;

    JfrRecording(String id, String settings, long startedMillis, long durationMillis, String maxSize, Path file) {
        this.id = id;
        this.name = "opsagent-" + id;
        this.settings = settings;
        this.startedMillis = startedMillis;
        this.durationMillis = durationMillis;
        this.maxSize = maxSize;
        this.file = file;
    }

    /** Running, per JFR itself: a recording with a duration ends on its own and writes its file. */
    boolean running() {
        if (stopped) {
            return false;
        }
        if (!Jfr.running(name)) {
            stopped = true;
        }
        return !stopped;
    }

    void stopped() {
        stopped = true;
    }

    Map<String, Object> toJson(String prefix) {
        boolean running = running();
        Map<String, Object> m = new LinkedHashMap<String, Object>();
        m.put("id", id);
        m.put("name", name);
        m.put("settings", settings);
        m.put("status", running ? "running" : Files.isRegularFile(file) ? "stopped" : "gone");
        m.put("started", IsoTime.seconds(startedMillis));
        if (durationMillis > 0) {
            m.put("durationMillis", durationMillis);
        }
        if (maxSize != null) {
            m.put("maxSize", maxSize);
        }
        try {
            if (Files.isRegularFile(file)) {
                m.put("bytes", Files.size(file));
            }
        } catch (IOException ignored) {
            // removed meanwhile
        }
        m.put("href", prefix + "/jfr/" + id);
        return m;
    }
}
