package io.opsagent.jfr;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The recordings the agent started, by id; ids come from here only, never from a client's path. */
final class Recordings {
    private final Path dir;
    private final Map<String, JfrRecording> byId = new LinkedHashMap<String, JfrRecording>();

    Recordings(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    synchronized void add(JfrRecording r) {
        byId.put(r.id, r);
    }

    synchronized void remove(JfrRecording r) {
        byId.remove(r.id);
    }

    synchronized JfrRecording find(String id) {
        return id == null ? null : byId.get(id);
    }

    synchronized int count() {
        return byId.size();
    }

    synchronized List<JfrRecording> all() {
        return new ArrayList<JfrRecording>(byId.values());
    }
}
