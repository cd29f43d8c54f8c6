package io.opsagent.diag;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A class histogram ({@code GC.class_histogram}) parsed into rows. Taking a live one ({@code live=true},
 * the default) runs a full GC first: on a multi-GB heap that is a pause of seconds, so callers take
 * it rarely.
 */
public final class ClassHistogram {
    /** One class: instances and shallow bytes. */
    public static final class Row {
        public final String className;
        public final long instances;
        public final long bytes;

        Row(String className, long instances, long bytes) {
            this.className = className;
            this.instances = instances;
            this.bytes = bytes;
        }
    }

    /** {@code    1:         12345        6789012  java.lang.String (java.base@17)} */
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)(?:\\s+\\(.*\\))?\\s*$");

    public final long takenMillis;
    public final List<Row> rows;

    private ClassHistogram(long takenMillis, List<Row> rows) {
        this.takenMillis = takenMillis;
        this.rows = Collections.unmodifiableList(rows);
    }

    /** Takes one now. {@code live=false} counts unreachable objects too and does not force a full GC. */
    public static ClassHistogram take(boolean live) throws DiagnosticCommand.Unsupported {
        String out = live ? DiagnosticCommand.run("GC.class_histogram") : DiagnosticCommand.run("GC.class_histogram", "-all");
        return parse(out, System.currentTimeMillis());
    }

    public static ClassHistogram parse(String text, long takenMillis) {
        List<Row> rows = new ArrayList<Row>();
        for (String line : text.split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                rows.add(new Row(m.group(3), Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
            }
        }
        return new ClassHistogram(takenMillis, rows);
    }
}
