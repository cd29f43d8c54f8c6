package io.opsagent.util;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Writes the plain values the agent answers with (maps, collections, arrays, strings, numbers,
 * booleans, enums) as JSON, byte for byte as {@link Json}'s Gson would: null map entries left out,
 * no HTML escaping, Gson's pretty layout. Gson costs about 130 classes of its own plus the JDK's
 * generic-signature reflection on first use, so answers no longer load it; any other value
 * (a Gson tree, a bean, a NaN) is refused with {@link Unsupported} and goes to Gson, which decides.
 */
final class JsonText {
    /** A value only Gson knows how to write (or to refuse). */
    static final class Unsupported extends RuntimeException {
        Unsupported() {
            super(null, null, false, false);
        }
    }

    private static final Unsupported UNSUPPORTED = new Unsupported();
    private final StringBuilder out = new StringBuilder(256);
    private final boolean pretty;
    private int depth;

    private JsonText(boolean pretty) {
        this.pretty = pretty;
    }

    /** @throws Unsupported when the value holds anything but the plain types */
    static String write(Object value, boolean pretty) {
        JsonText w = new JsonText(pretty);
        w.value(value);
        return w.out.toString();
    }

    private void value(Object v) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof String || v instanceof StringBuilder || v instanceof StringBuffer || v instanceof Character) {
            string(v.toString());
        } else if (v instanceof Boolean) {
            out.append(v);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            out.append(v);
        } else if (v instanceof Double) {
            number((Double) v);
        } else if (v instanceof Map) {
            map((Map<?, ?>) v);
        } else if (v instanceof Collection) {
            array((Collection<?>) v);
        } else if (v instanceof Object[]) {
            array(Arrays.asList((Object[]) v));
        } else if (v instanceof long[] || v instanceof int[] || v instanceof double[]) {
            int n = Array.getLength(v);
            List<Object> boxed = new ArrayList<Object>(n);
            for (int i = 0; i < n; i++) {
                boxed.add(Array.get(v, i));
            }
            array(boxed);
        } else if (v instanceof Enum) {
            string(((Enum<?>) v).name()); // as Gson, which would differ only on @SerializedName: the agent has none
        } else {
            throw UNSUPPORTED;
        }
    }

    private void array(Collection<?> elements) {
        open('[');
        boolean first = true;
        for (Object e : elements) {
            first = element(first);
            value(e);
        }
        close(']', first);
    }

    private void number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw UNSUPPORTED; // Gson refuses them with its own message
        }
        out.append(d);
    }

    private void map(Map<?, ?> m) {
        open('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            first = element(first);
            string(String.valueOf(e.getKey()));
            out.append(pretty ? ": " : ":");
            value(e.getValue());
        }
        close('}', first);
    }

    private void open(char c) {
        out.append(c);
        depth++;
    }

    /** Before an element: the comma and, pretty, the new line; returns false (no longer the first). */
    private boolean element(boolean first) {
        if (!first) {
            out.append(',');
        }
        newline();
        return false;
    }

    private void close(char c, boolean empty) {
        depth--;
        if (!empty) {
            newline();
        }
        out.append(c);
    }

    private void newline() {
        if (pretty) {
            out.append('\n');
            for (int i = 0; i < depth; i++) {
                out.append("  ");
            }
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                case '\b':
                    out.append("\\b");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\f':
                    out.append("\\f");
                    break;
                case '\u2028':
                    out.append("\\u2028");
                    break;
                case '\u2029':
                    out.append("\\u2029");
                    break;
                default:
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();
}
