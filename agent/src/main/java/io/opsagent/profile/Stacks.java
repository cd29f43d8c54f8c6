package io.opsagent.profile;

import io.opsagent.jfr.JfrReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Folded stacks ({@code root;...;leaf count}), the form flame-graph tools read. */
final class Stacks {
    /** Bounds memory on a long profile of a deep, varied application. */
    static final int MAX_DISTINCT = 200_000;
    final Map<String, Long> counts = new LinkedHashMap<String, Long>();
    long total;
    long dropped;

    void add(String folded, long n) {
        Long c = counts.get(folded);
        if (c == null && counts.size() >= MAX_DISTINCT) {
            dropped += n;
            return;
        }
        counts.put(folded, c == null ? n : c + n);
        total += n;
    }

    String collapsed() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            sb.append(e.getKey()).append(' ').append(e.getValue()).append('\n');
        }
        return sb.toString();
    }

    /** Reads sampled stacks of {@code events} from a JFR file; allocations get the allocated class as leaf, as async-profiler does. */
    static Stacks fromJfr(Path file, String[] events, final boolean threads) throws IOException {
        final Stacks s = new Stacks();
        JfrReader.read(file, new HashSet<String>(Arrays.asList(events)), new JfrReader.Visitor() {
            @Override
            public void event(JfrReader.Event e) throws IOException {
                List<JfrReader.Frame> frames = e.stack();
                if (frames.isEmpty()) {
                    return;
                }
                List<String> names = new ArrayList<String>();
                if (threads) {
                    Object t = e.value("sampledThread");
                    if (t == null) {
                        t = e.value("eventThread");
                    }
                    names.add("[" + t + "]");
                }
                for (int i = frames.size() - 1; i >= 0; i--) {
                    names.add(clean(frames.get(i).name()));
                }
                Object allocated = e.value("objectClass");
                if (allocated != null) {
                    names.add(clean(String.valueOf(allocated)));
                }
                s.add(join(names), 1);
            }
        });
        return s;
    }

    private static String clean(String frame) {
        return frame.replace(';', ':').replace(' ', '_');
    }

    private static String join(List<String> names) {
        StringBuilder sb = new StringBuilder();
        for (String n : names) {
            if (sb.length() > 0) {
                sb.append(';');
            }
            sb.append(n);
        }
        return sb.toString();
    }
}
