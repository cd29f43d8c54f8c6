package io.opsagent.config;

import io.opsagent.util.Log;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Polls the config file (and the token files it may name) for changes. Polling, not a WatchService:
 * it costs one stat per file per tick, works on every file system, and needs no thread of its own.
 */
public final class ConfigFileWatcher implements Runnable {
    private final LiveConfig config;
    private long[] lastSeen;

    public ConfigFileWatcher(LiveConfig config) {
        this.config = config;
        this.lastSeen = stamp();
    }

    @Override
    public void run() {
        try {
            long[] now = stamp();
            if (!Arrays.equals(now, lastSeen)) {
                lastSeen = now;
                config.reload("a watched file changed");
            }
        } catch (RuntimeException e) {
            Log.warn("watching the config file failed", e);
        }
    }

    private long[] stamp() {
        AgentConfig c = config.get();
        Path file = config.sources().configFile();
        String[] watched = {file == null ? null : file.toString(), c.get(Keys.TOKEN_FILE), c.get(Keys.MONITOR_TOKEN_FILE)};
        long[] out = new long[watched.length * 2];
        for (int i = 0; i < watched.length; i++) {
            if (watched[i] == null) {
                continue;
            }
            try {
                Path p = java.nio.file.Paths.get(watched[i]);
                out[2 * i] = Files.getLastModifiedTime(p).toMillis();
                out[2 * i + 1] = Files.size(p);
            } catch (Exception e) {
                out[2 * i] = -1;
            }
        }
        return out;
    }
}
