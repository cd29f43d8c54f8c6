package io.opsagent.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JDKs on this machine, one per real path: the one running the tests, every one in /usr/lib/jvm, and the
 * old ones .ci/legacy-jdks.sh provides from Debian packages (in $OPSAGENT_JDKS, default ~/.cache/opsagent-jdks).
 */
public final class Jdks {
    /** One JDK: its home and its feature version (8, 11, 17, 25...). */
    public record Jdk(Path home, int feature) {
        public Path java() {
            return home.resolve("bin/java");
        }

        public Path tool(String name) {
            return home.resolve("bin/" + name);
        }

        @Override
        public String toString() {
            return "JDK " + feature;
        }
    }

    private static final Pattern VERSION = Pattern.compile("JAVA_VERSION=\"(?:1\\.)?(\\d+)");
    private static List<Jdk> all;

    private Jdks() {
    }

    public static synchronized List<Jdk> all() {
        if (all == null) {
            Map<Path, Jdk> found = new LinkedHashMap<>();
            add(found, Paths.get(System.getProperty("java.home")));
            for (Path root : new Path[] {Paths.get("/usr/lib/jvm"), legacyRoot()}) {
                if (Files.isDirectory(root)) {
                    try (Stream<Path> s = Files.list(root)) {
                        s.sorted().forEach(p -> add(found, p));
                    } catch (IOException ignored) {
                        // the others then
                    }
                }
            }
            List<Jdk> list = new ArrayList<>(found.values());
            list.sort((a, b) -> Integer.compare(a.feature(), b.feature()));
            all = list;
        }
        return all;
    }

    /** Where .ci/legacy-jdks.sh puts Java 8, 11 and 21. */
    public static Path legacyRoot() {
        String env = System.getenv("OPSAGENT_JDKS");
        return env != null && !env.isEmpty() ? Paths.get(env) : Paths.get(System.getProperty("user.home"), ".cache", "opsagent-jdks");
    }

    /** The JDK of one feature version, if found. */
    public static java.util.Optional<Jdk> feature(int feature) {
        return all().stream().filter(j -> j.feature() == feature).findFirst();
    }

    /**
     * For {@code @MethodSource}: every installed JDK, or only the feature versions {@code -Djdks=8,11} names
     * (to rerun one version's cases by hand; CI never sets it).
     */
    public static Stream<Jdk> each() {
        String only = System.getProperty("jdks", "").trim();
        if (only.isEmpty()) {
            return all().stream();
        }
        java.util.Set<String> wanted = new java.util.HashSet<>(java.util.Arrays.asList(only.split("\\s*,\\s*")));
        return all().stream().filter(j -> wanted.contains(Integer.toString(j.feature())));
    }

    /** The JDK running the tests. */
    public static Jdk current() {
        return all().stream().filter(j -> j.home().equals(real(Paths.get(System.getProperty("java.home"))))).findFirst()
                .orElse(all().get(0));
    }

    /** The newest installed JDK. */
    public static Jdk newest() {
        return all().get(all().size() - 1);
    }

    private static void add(Map<Path, Jdk> found, Path home) {
        Path real = real(home);
        if (found.containsKey(real) || !Files.isExecutable(real.resolve("bin/java")) || !Files.isExecutable(real.resolve("bin/jcmd"))) {
            return;
        }
        try {
            String release = new String(Files.readAllBytes(real.resolve("release")), StandardCharsets.UTF_8);
            Matcher m = VERSION.matcher(release);
            if (m.find()) {
                found.put(real, new Jdk(real, Integer.parseInt(m.group(1))));
            }
        } catch (IOException ignored) {
            // not a JDK
        }
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath();
        }
    }
}
