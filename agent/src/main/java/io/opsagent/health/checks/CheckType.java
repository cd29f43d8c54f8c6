package io.opsagent.health.checks;

import io.opsagent.health.Status;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What a {@code check.<name>.type} value means: the measurement and its unit, which way is worse,
 * default thresholds, the extra keys it takes, and how to make one. The registry of all types
 * lives here so the validator and the docs name the same set.
 */
public final class CheckType {
    /** Keys every check takes. */
    public static final Set<String> COMMON_KEYS = Collections.unmodifiableSet(new LinkedHashSet<String>(
            Arrays.asList("type", "target", "critical", "warn", "fail")));

    private static final Map<String, CheckType> ALL = new LinkedHashMap<String, CheckType>();

    static {
        add(new CheckType("tcp", "connectTime", "ms", "component", false, null, null, true, TcpCheck::new));
        add(new CheckType("http", "responseTime", "ms", "component", false, null, null, true, HttpCheck::new, "expect.status", "expect.body"));
        add(new CheckType("dns", "resolveTime", "ms", "component", false, null, null, true, DnsCheck::new, "expect"));
        add(new CheckType("tls-expiry", "daysLeft", "days", "component", true, 14.0, 0.0, false, TlsExpiryCheck::new,
                "keystore", "keystore.password", "keystore.type"));
        add(new CheckType("disk", "free", "percent", "system", true, 10.0, 5.0, true, DiskCheck::new));
        add(new CheckType("heap", "utilization", "percent", "system", false, 85.0, 95.0, false, HeapCheck::new));
        add(new CheckType("gc-overhead", "gcTime", "percent", "system", false, 10.0, 25.0, false, GcOverheadCheck::new, "window"));
        add(new CheckType("deadlock", "deadlockedThreads", "threads", "system", false, null, 0.0, false, DeadlockCheck::new));
        add(new CheckType("threads", "count", "threads", "system", false, null, null, false, ThreadsCheck::new));
        add(new CheckType("file-descriptors", "utilization", "percent", "system", false, 80.0, 95.0, false, FileDescriptorsCheck::new));
        add(new CheckType("jdbc", "responseTime", "ms", "datastore", false, null, null, true, JdbcCheck::new,
                "driver", "user", "password", "query"));
    }

    private final String name;
    private final String measurement;
    private final String unit;
    private final String componentType;
    private final boolean lowerIsWorse;
    private final Double defaultWarn;
    private final Double defaultFail;
    private final boolean needsTarget;
    private final Supplier<Check> factory;
    private final Set<String> keys;

    private CheckType(String name, String measurement, String unit, String componentType, boolean lowerIsWorse, Double defaultWarn,
            Double defaultFail, boolean needsTarget, Supplier<Check> factory, String... extraKeys) {
        this.name = name;
        this.measurement = measurement;
        this.unit = unit;
        this.componentType = componentType;
        this.lowerIsWorse = lowerIsWorse;
        this.defaultWarn = defaultWarn;
        this.defaultFail = defaultFail;
        this.needsTarget = needsTarget;
        this.factory = factory;
        Set<String> k = new LinkedHashSet<String>(COMMON_KEYS);
        k.addAll(Arrays.asList(extraKeys));
        this.keys = Collections.unmodifiableSet(k);
    }

    private static void add(CheckType t) {
        ALL.put(t.name, t);
    }

    /** The type by name, or null. */
    public static CheckType named(String name) {
        return ALL.get(name);
    }

    public static Set<String> names() {
        return Collections.unmodifiableSet(ALL.keySet());
    }

    /** Judges a value against thresholds; a value exactly on a threshold is still fine. */
    public Status judge(double value, Double warn, Double fail) {
        if (fail != null && (lowerIsWorse ? value < fail : value > fail)) {
            return Status.FAIL;
        }
        if (warn != null && (lowerIsWorse ? value < warn : value > warn)) {
            return Status.WARN;
        }
        return Status.PASS;
    }

    public Check newCheck() {
        return factory.get();
    }

    public String name() {
        return name;
    }

    /** The part after the colon in the IETF {@code name:measurement} key. */
    public String measurement() {
        return measurement;
    }

    public String unit() {
        return unit;
    }

    /** IETF componentType: {@code component}, {@code datastore} or {@code system}. */
    public String componentType() {
        return componentType;
    }

    public boolean lowerIsWorse() {
        return lowerIsWorse;
    }

    public Double defaultWarn() {
        return defaultWarn;
    }

    public Double defaultFail() {
        return defaultFail;
    }

    public boolean needsTarget() {
        return needsTarget;
    }

    /** Every key this type takes, the common ones first. */
    public Set<String> keys() {
        return keys;
    }
}
