package io.opsagent.profile;

import io.opsagent.util.FilePerms;
import io.opsagent.util.Log;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * async-profiler, loaded on first use only. Its API classes ({@code one.profiler.*}, which cannot be
 * relocated: the library's JNI functions are bound to that class name) are defined by a class loader
 * of the agent's own from resources under {@code io/opsagent/profile/native/}, and the library is
 * copied to {@code <data.dir>/profiler/}. An application that bundles its own async-profiler keeps its
 * own classes; both drive the one native profiler of the process, so only one of them profiles at a time.
 */
public final class NativeProfiler {
    static final String RESOURCES = "io/opsagent/profile/native/";
    private static final String[] API = {"one.profiler.AsyncProfilerMXBean", "one.profiler.Counter", "one.profiler.Events",
        "one.profiler.AsyncProfiler"};
    /** A JNI library binds to the first class loader that loads it: one instance for the whole JVM, across re-attaches. */
    private static NativeProfiler loaded;
    private static String failure;

    private final Object profiler;
    private final Method execute;

    private NativeProfiler(Object profiler, Method execute) {
        this.profiler = profiler;
        this.execute = execute;
    }

    /** The loaded profiler; throws {@link Unavailable} with the reason when the library cannot load here. */
    public static synchronized NativeProfiler get(Path dataDir, String lib) throws Unavailable {
        if (loaded != null) {
            return loaded;
        }
        if (failure != null) {
            throw new Unavailable(failure);
        }
        try {
            loaded = load(dataDir, lib);
            Log.info("async-profiler " + loaded.execute("version").trim() + " loaded");
            return loaded;
        } catch (Unavailable e) {
            failure = e.getMessage();
            throw e;
        } catch (Exception | LinkageError e) {
            failure = "async-profiler could not load: " + e;
            throw new Unavailable(failure);
        }
    }

    /** True once the library is in the process (tests and {@code /info} use it; nothing is loaded by asking). */
    public static synchronized boolean isLoaded() {
        return loaded != null;
    }

    private static NativeProfiler load(Path dataDir, String lib) throws Exception {
        Path file;
        if (lib != null) {
            // profile.lib: a host that ships its own build (and the test of a library that does not load)
            file = java.nio.file.Paths.get(lib).toAbsolutePath();
        } else {
            String platform = platform();
            file = extract(RESOURCES + platform + "/libasyncProfiler.so", FilePerms.privateDir(dataDir.resolve("profiler")).resolve(platform + "-libasyncProfiler.so"));
        }
        ClassLoader loader = new ApiLoader();
        Class<?> api = null;
        for (String name : API) {
            api = Class.forName(name, true, loader);
        }
        Object instance;
        try {
            instance = api.getMethod("getInstance", String.class).invoke(null, file.toString());
        } catch (InvocationTargetException e) {
            throw new Unavailable("libasyncProfiler.so did not load from " + file + ": " + e.getCause());
        }
        return new NativeProfiler(instance, api.getMethod("execute", String.class));
    }

    /** linux-x64 or linux-arm64, the two builds the jar carries. */
    static String platform() throws Unavailable {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            throw new Unavailable("async-profiler is carried for Linux only; this is " + System.getProperty("os.name"));
        }
        if (arch.equals("amd64") || arch.equals("x86_64")) {
            return "linux-x64";
        }
        if (arch.equals("aarch64") || arch.equals("arm64")) {
            return "linux-arm64";
        }
        throw new Unavailable("async-profiler is carried for x64 and arm64 only; this is " + arch);
    }

    private static Path extract(String resource, Path target) throws IOException, Unavailable {
        byte[] bytes = resourceBytes(resource);
        if (bytes == null) {
            throw new Unavailable("this agent jar carries no " + resource);
        }
        if (Files.isRegularFile(target) && Files.size(target) == bytes.length) {
            return target;
        }
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        FilePerms.writePrivate(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    static byte[] resourceBytes(String resource) throws IOException {
        InputStream in = NativeProfiler.class.getClassLoader() == null ? ClassLoader.getSystemResourceAsStream(resource)
                : NativeProfiler.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            return null;
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0;) {
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } finally {
            in.close();
        }
    }

    /** One async-profiler command ({@code start,event=cpu,interval=10ms}, {@code stop}, {@code check,event=cpu}...). */
    public String execute(String command) throws Exception {
        try {
            return String.valueOf(execute.invoke(profiler, command));
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause();
            throw c instanceof Exception ? (Exception) c : new IllegalStateException(String.valueOf(c), c);
        }
    }

    /** Defines only {@code one.profiler.*}, from the agent's resources; everything else comes from the bootstrap loader. */
    private static final class ApiLoader extends ClassLoader {
        ApiLoader() {
            super(null);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            if (!name.startsWith("one.profiler.")) {
                throw new ClassNotFoundException(name);
            }
            try {
                byte[] b = resourceBytes(RESOURCES + name.replace('.', '/') + ".class");
                if (b == null) {
                    throw new ClassNotFoundException(name + " is not in the agent jar");
                }
                return defineClass(name, b, 0, b.length);
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
    }

    /** The native profiler cannot be used on this host, and why. */
    public static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String why) {
            super(why, null, false, false);
        }
    }
}
