package io.opsagent.cli.shell;

import java.util.ArrayList;
import java.util.List;

/** The lines of this session, numbered from 1, for {@code history}, {@code !n} and {@code !!}. Bounded. */
final class History {
    static final int MAX = 1000;
    private final List<String> lines = new ArrayList<String>();
    private int first = 1;

    void add(String line) {
        if (lines.size() == MAX) {
            lines.remove(0);
            first++;
        }
        lines.add(line);
    }

    /** The line a {@code !n} or {@code !!} refers to, or null when there is none. */
    String expand(String ref) {
        if (lines.isEmpty()) {
            return null;
        }
        if (ref.equals("!!")) {
            return lines.get(lines.size() - 1);
        }
        try {
            int n = Integer.parseInt(ref.substring(1));
            int i = n < 0 ? lines.size() + n : n - first;
            return i >= 0 && i < lines.size() ? lines.get(i) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    String render() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            sb.append(String.format("%5d  %s%n", first + i, lines.get(i)));
        }
        return sb.toString();
    }
}
