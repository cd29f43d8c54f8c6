package io.opsagent.heap;

import io.opsagent.util.Log;
import java.nio.file.Path;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Who wants to know that an automatic heap dump was just written (e.g. the continuous JFR recording,
 * dumped beside it). Called on the heap dump worker thread, never on a GC notification thread.
 */
public final class AutoDumpListeners {
    /** Told the path of each automatic dump once it is ready. */
    public interface Listener {
        void dumped(Path hprof);
    }

    private static final CopyOnWriteArrayList<Listener> LISTENERS = new CopyOnWriteArrayList<Listener>();

    private AutoDumpListeners() {
    }

    public static void add(Listener l) {
        LISTENERS.add(l);
    }

    public static void remove(Listener l) {
        LISTENERS.remove(l);
    }

    static void dumped(Path hprof) {
        for (Listener l : LISTENERS) {
            try {
                l.dumped(hprof);
            } catch (Throwable t) {
                Log.warn("after the automatic heap dump " + hprof.getFileName() + ": " + t);
            }
        }
    }
}
