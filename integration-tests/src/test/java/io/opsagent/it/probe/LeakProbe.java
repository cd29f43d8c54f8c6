package io.opsagent.it.probe;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A stand-in application that is not demo-target, so leak detection is not tuned to one program.
 * {@code LeakProbe <mode> <amount> <seconds>}, always with garbage churn and a working set that
 * turns over (some of it is promoted and dies old):
 * <ul>
 * <li>{@code leak <bytes/s>}: keeps {@link Retained} records of 2,000 bytes from the start;</li>
 * <li>{@code hold <bytes>}: keeps that many live bytes within about 10 s, then only churns;</li>
 * <li>{@code loaders <per second>}: defines a class in a new class loader that is never freed;</li>
 * <li>{@code sawtooth <bytes>}: fills that much over 30 s, drops it, again;</li>
 * <li>{@code cache <bytes>}: fills that much at 2 MB/s, then only replaces entries (a plateau);</li>
 * <li>{@code step <bytes>}: loads that much once, 30 s in, and keeps it;</li>
 * <li>{@code bursts <bytes>}: every 20 s holds that much for 5 s;</li>
 * <li>{@code churn 0}: nothing kept.</li>
 * </ul>
 */
public final class LeakProbe {
    /** The leaking class the report must name. */
    public static final class Retained {
        final byte[] payload;

        Retained(int bytes) {
            payload = new byte[bytes];
        }
    }

    /** Defined again by every leaked class loader. */
    public static final class Plugin {
    }

    static final List<Object> KEPT = new ArrayList<>();
    static final Object[] WORKING_SET = new Object[2_000];
    static volatile Object sink;

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        long amount = Long.parseLong(args[1]);
        long seconds = Long.parseLong(args[2]);
        byte[] pluginBytes = mode.equals("loaders") ? classBytes(Plugin.class) : null;
        System.out.println("PROBE " + mode + " " + amount + " started");
        long start = System.nanoTime();
        long tick = 0;
        double owed = 0;
        while (System.nanoTime() - start < seconds * 1_000_000_000L) {
            tick++;
            // 20 ms per tick: 400 KB of short-lived garbage (20 MB/s) and 100 KB of working-set turnover (5 MB/s).
            for (int i = 0; i < 400; i++) {
                sink = new byte[1024];
            }
            ThreadLocalRandom r = ThreadLocalRandom.current();
            for (int i = 0; i < 10; i++) {
                WORKING_SET[r.nextInt(WORKING_SET.length)] = new byte[10_000];
            }
            if (mode.equals("leak")) {
                owed += amount / 50.0;
                while (owed >= 2_000) {
                    KEPT.add(new Retained(2_000 - 16));
                    owed -= 2_000;
                }
            } else if (mode.equals("hold") && KEPT.size() * 65_536L < amount) {
                for (int i = 0; i < amount / 65_536 / 500 + 1 && KEPT.size() * 65_536L < amount; i++) {
                    KEPT.add(new Retained(65_536 - 16));
                }
            } else if (mode.equals("sawtooth")) {
                long phase = tick % 1500;
                if (phase == 0) {
                    KEPT.clear();
                } else {
                    fill(amount * phase / 1500);
                }
            } else if (mode.equals("cache")) {
                fill(Math.min(amount, tick * 40_000));
                if (!KEPT.isEmpty()) {
                    KEPT.set(r.nextInt(KEPT.size()), new Retained(65_536 - 16));
                }
            } else if (mode.equals("step")) {
                fill(tick >= 1500 ? amount : 0);
            } else if (mode.equals("bursts")) {
                long phase = tick % 1000;
                if (phase < 250) {
                    fill(amount);
                } else {
                    KEPT.clear();
                }
            } else if (mode.equals("loaders")) {
                owed += amount / 50.0;
                while (owed >= 1) {
                    KEPT.add(new OneClassLoader(pluginBytes).load());
                    owed -= 1;
                }
            }
            Thread.sleep(20);
        }
        System.out.println("PROBE done after " + tick + " ticks, kept " + KEPT.size());
    }

    /** Keeps 64 KB records until about {@code bytes} are held. */
    private static void fill(long bytes) {
        while (KEPT.size() * 65_536L < bytes) {
            KEPT.add(new Retained(65_536 - 16));
        }
    }

    private static byte[] classBytes(Class<?> c) throws Exception {
        String name = c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class";
        try (InputStream in = c.getResourceAsStream(name)) {
            // a plain loop: probes also run on Java 8, which has no InputStream.transferTo
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0;) {
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }

    /** Defines {@link Plugin} once more; the class keeps its loader alive, the list keeps the class. */
    static final class OneClassLoader extends ClassLoader {
        private final byte[] bytes;

        OneClassLoader(byte[] bytes) {
            super(null);
            this.bytes = bytes;
        }

        Class<?> load() {
            return defineClass(Plugin.class.getName(), bytes, 0, bytes.length);
        }
    }
}
