package io.opsagent.jfr;

import java.io.Closeable;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Reads events from a {@code .jfr} file through {@code jdk.jfr.consumer} by reflection: the agent is
 * Java 8 bytecode and that API exists only from 8u262/11 on. One event at a time, never the whole
 * file in memory.
 */
public final class JfrReader implements Closeable {
    /** One stack frame, root-most last as JFR gives them; line is -1 when unknown. */
    public static final class Frame {
        public final String className;
        public final String method;
        public final int line;
        public final boolean java;

        Frame(String className, String method, int line, boolean java) {
            this.className = className;
            this.method = method;
            this.line = line;
            this.java = java;
        }

        /** A Java frame, for tests and callers that build stacks themselves. */
        public static Frame of(String className, String method, int line) {
            return new Frame(className, method, line, true);
        }

        /** {@code pkg.Class.method}, the frame name flame graphs use. */
        public String name() {
            return className.isEmpty() ? method : className + "." + method;
        }
    }

    /** One event: its type, its stack (top frame first) and access to its fields by dotted path. */
    public final class Event {
        private final Object event;
        public final String type;

        Event(Object event, String type) {
            this.event = event;
            this.type = type;
        }

        public List<Frame> stack() throws IOException {
            Object st = call(event, "getStackTrace");
            if (st == null) {
                return Collections.emptyList();
            }
            List<?> frames = (List<?>) call(st, "getFrames");
            List<Frame> out = new ArrayList<Frame>(frames.size());
            for (Object f : frames) {
                Object m = call(f, "getMethod");
                Object type = m == null ? null : call(m, "getType");
                String cls = type == null ? "" : String.valueOf(call(type, "getName"));
                String name = m == null ? "[unknown]" : String.valueOf(call(m, "getName"));
                int line = ((Integer) call(f, "getLineNumber")).intValue();
                boolean java = ((Boolean) call(f, "isJavaFrame")).booleanValue();
                out.add(new Frame(cls, name, line, java));
            }
            return out;
        }

        /** A field by dotted path ({@code objectClass}, {@code object.type}); a class comes back as its name; null when absent. */
        public Object value(String path) throws IOException {
            Object v;
            try {
                if (!((Boolean) call(event, "hasField", new Class<?>[] {String.class}, path)).booleanValue()) {
                    return null;
                }
                v = call(event, "getValue", new Class<?>[] {String.class}, path);
            } catch (IOException e) {
                return null;
            }
            if (v != null && v.getClass().getName().equals("jdk.jfr.consumer.RecordedClass")) {
                return javaName(String.valueOf(call(v, "getName")));
            }
            if (v != null && v.getClass().getName().equals("jdk.jfr.consumer.RecordedThread")) {
                return call(v, "getJavaName");
            }
            return v;
        }

        /** A numeric field, or {@code dflt} when absent. */
        public long number(String path, long dflt) throws IOException {
            Object v = value(path);
            return v instanceof Number ? ((Number) v).longValue() : dflt;
        }

        /** A timestamp field ({@code startTime}, {@code allocationTime}) in epoch milliseconds, or -1 when absent or no timestamp. */
        public long epochMillis(String path) {
            try {
                if (!((Boolean) call(event, "hasField", new Class<?>[] {String.class}, path)).booleanValue()) {
                    return -1;
                }
                // getValue gives a timestamp's raw ticks; getInstant converts them
                Object v = call(event, "getInstant", new Class<?>[] {String.class}, path);
                return v instanceof java.time.Instant ? ((java.time.Instant) v).toEpochMilli() : -1;
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
    }

    /**
     * {@code byte[]} and {@code java.lang.String[]} for the descriptors {@code [B} and {@code [Ljava.lang.String;}
     * that JFR and class histograms use; other names as they are.
     */
    public static String javaName(String name) {
        int dims = 0;
        while (dims < name.length() && name.charAt(dims) == '[') {
            dims++;
        }
        if (dims == 0 || dims == name.length()) {
            return name;
        }
        String e = name.substring(dims);
        String base;
        switch (e.charAt(0)) {
            case 'Z': base = "boolean"; break;
            case 'B': base = "byte"; break;
            case 'C': base = "char"; break;
            case 'S': base = "short"; break;
            case 'I': base = "int"; break;
            case 'J': base = "long"; break;
            case 'F': base = "float"; break;
            case 'D': base = "double"; break;
            default: base = e.startsWith("L") && e.endsWith(";") ? e.substring(1, e.length() - 1) : e;
        }
        StringBuilder sb = new StringBuilder(base.replace('/', '.'));
        for (int i = 0; i < dims; i++) {
            sb.append("[]");
        }
        return sb.toString();
    }

    /** Receives the events of the chosen types. */
    public interface Visitor {
        void event(Event e) throws IOException;
    }

    private final Object file;

    private JfrReader(Object file) {
        this.file = file;
    }

    /** Null when this JVM has no JFR consumer API, else why not. */
    public static String unavailable() {
        try {
            Class.forName("jdk.jfr.consumer.RecordingFile");
            return null;
        } catch (ClassNotFoundException | LinkageError e) {
            return "this JVM has no jdk.jfr.consumer API (Java 11+ or 8u262+)";
        }
    }

    public static JfrReader open(Path path) throws IOException {
        try {
            Class<?> rf = Class.forName("jdk.jfr.consumer.RecordingFile");
            return new JfrReader(rf.getConstructor(Path.class).newInstance(path));
        } catch (InvocationTargetException e) {
            throw asIo(e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IOException("cannot read JFR files on this JVM: " + e, e);
        }
    }

    /** Visits every event whose type is in {@code types} (all events when it is null). */
    public static void read(Path path, Set<String> types, Visitor v) throws IOException {
        JfrReader r = open(path);
        try {
            while (((Boolean) call(r.file, "hasMoreEvents")).booleanValue()) {
                Object e = call(r.file, "readEvent");
                String type = String.valueOf(call(call(e, "getEventType"), "getName"));
                if (types == null || types.contains(type)) {
                    v.event(r.new Event(e, type));
                }
            }
        } finally {
            r.close();
        }
    }

    @Override
    public void close() throws IOException {
        call(file, "close");
    }

    private static Object call(Object target, String method) throws IOException {
        return call(target, method, new Class<?>[0]);
    }

    /** Public methods looked up on the public API type that declares them, never on a JDK-internal subclass. */
    private static Object call(Object target, String method, Class<?>[] types, Object... args) throws IOException {
        try {
            Method m = publicMethod(target.getClass(), method, types);
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw asIo(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IOException("JFR consumer API: " + method + ": " + e, e);
        }
    }

    private static Method publicMethod(Class<?> c, String name, Class<?>[] types) throws NoSuchMethodException {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            if (java.lang.reflect.Modifier.isPublic(k.getModifiers())) {
                try {
                    return k.getMethod(name, types);
                } catch (NoSuchMethodException ignored) {
                    // try the superclass
                }
            }
        }
        return c.getMethod(name, types);
    }

    private static IOException asIo(Throwable t) {
        return t instanceof IOException ? (IOException) t : new IOException(String.valueOf(t), t);
    }
}
