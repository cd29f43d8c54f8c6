package io.opsagent.health.checks;

import java.util.Collections;
import java.util.Map;

/**
 * One configured check, parsed from its {@code check.<name>.*} keys: immutable, validated, and
 * comparable, so a reload can tell which checks really changed.
 */
public final class CheckSpec {
    private final String name;
    private final CheckType type;
    private final boolean critical;
    private final Double warn;
    private final Double fail;
    private final Map<String, String> keys;

    public CheckSpec(String name, CheckType type, boolean critical, Double warn, Double fail, Map<String, String> keys) {
        this.name = name;
        this.type = type;
        this.critical = critical;
        this.warn = warn;
        this.fail = fail;
        this.keys = Collections.unmodifiableMap(keys);
    }

    public String name() {
        return name;
    }

    public CheckType type() {
        return type;
    }

    public boolean critical() {
        return critical;
    }

    /** The warning threshold, or null for none. */
    public Double warn() {
        return warn;
    }

    /** The failure threshold, or null for none. */
    public Double fail() {
        return fail;
    }

    /** {@code target}, or null. */
    public String target() {
        return keys.get("target");
    }

    /** A type-specific key without the {@code check.<name>.} part, or null. */
    public String get(String key) {
        return keys.get(key);
    }

    public String get(String key, String dflt) {
        String v = keys.get(key);
        return v == null || v.trim().isEmpty() ? dflt : v.trim();
    }

    /** The full configuration key, for messages. */
    public String fullKey(String key) {
        return "check." + name + "." + key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CheckSpec && ((CheckSpec) o).name.equals(name) && ((CheckSpec) o).keys.equals(keys);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + keys.hashCode();
    }

    @Override
    public String toString() {
        return name + " (" + type.name() + ")";
    }
}
