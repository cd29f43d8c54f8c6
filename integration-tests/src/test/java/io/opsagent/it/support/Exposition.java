package io.opsagent.it.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scraped {@code /metrics} answer read back into families, in either format: each family's type, unit
 * (OpenMetrics only), label names and label values, and sample values. Used to compare two exporters family
 * by family; the strict syntax checks are promtool's and Prometheus' own parsers.
 */
public final class Exposition {
    /** One family as read: type, unit or null, label name → values seen, sample line → value. */
    public record Family(String name, String type, String unit, Map<String, Set<String>> labels, Map<String, Double> samples) {
        public Set<String> labelNames() {
            return labels.keySet();
        }
    }

    private static final Pattern META = Pattern.compile("# (TYPE|UNIT) (\\S+) ?(.*)");
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");
    private static final String[] SUFFIXES = {"_total", "_created", "_count", "_sum", "_bucket", "_info"};

    private final Map<String, Family> families = new TreeMap<>();

    private Exposition(String text) {
        Map<String, String> units = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = META.matcher(line);
            if (m.matches()) {
                if ("TYPE".equals(m.group(1))) {
                    families.put(m.group(2), new Family(m.group(2), m.group(3), null, new TreeMap<>(), new TreeMap<>()));
                } else {
                    units.put(m.group(2), m.group(3));
                }
                continue;
            }
            Matcher s = SAMPLE.matcher(line);
            if (line.startsWith("#") || !s.matches()) {
                continue;
            }
            Family f = familyOf(s.group(1));
            if (f == null) {
                throw new AssertionError("sample without a TYPE line: " + line);
            }
            Matcher l = LABEL.matcher(s.group(3) == null ? "" : s.group(3));
            while (l.find()) {
                f.labels().computeIfAbsent(l.group(1), k -> new TreeSet<>()).add(l.group(2));
            }
            f.samples().put(s.group(1) + (s.group(2) == null ? "" : s.group(2)), Double.parseDouble(s.group(4).replace("+Inf", "Infinity")));
        }
        units.forEach((name, unit) -> {
            Family f = families.get(name);
            families.put(name, new Family(name, f.type(), unit, f.labels(), f.samples()));
        });
    }

    /**
     * Runs a GC through the agent and waits (at most 15 s) until its metrics show a family that appears only after
     * one, {@code jvm_memory_pool_allocated_bytes_total}: the GC's notification reaches the agent asynchronously.
     */
    public static void gcAndAwaitPoolAllocations(AgentClient agent) {
        HttpResult gc = agent.post("/commands/gc", "{}");
        if (gc.status() != 200) {
            throw new AssertionError("POST /commands/gc: " + gc.status() + " " + gc.text());
        }
        for (long end = System.nanoTime() + 15_000_000_000L; System.nanoTime() < end; TargetJvm.sleep(200)) {
            if (agent.get("/metrics").text().contains("jvm_memory_pool_allocated_bytes_total")) {
                return;
            }
        }
        throw new AssertionError("no jvm_memory_pool_allocated_bytes_total 15 s after a GC");
    }

    public static Exposition parse(String text) {
        return new Exposition(text);
    }

    private Family familyOf(String sampleName) {
        Family f = families.get(sampleName);
        for (int i = 0; f == null && i < SUFFIXES.length; i++) {
            if (sampleName.endsWith(SUFFIXES[i])) {
                f = families.get(sampleName.substring(0, sampleName.length() - SUFFIXES[i].length()));
            }
        }
        return f;
    }

    public Map<String, Family> families() {
        return families;
    }

    public Family family(String name) {
        return families.get(name);
    }
}
