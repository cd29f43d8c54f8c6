package io.opsagent.health;

import io.opsagent.config.AgentConfig;
import io.opsagent.config.ConfigException;
import io.opsagent.config.Values;
import io.opsagent.health.checks.CheckSpec;
import io.opsagent.health.checks.CheckType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Turns the {@code check.<name>.*} keys into check specs, or says which key is wrong and why. Used
 * as the configuration validator, so a bad edit never replaces the checks in force.
 */
final class CheckSpecs {
    static final String PREFIX = "check.";
    /** Each check holds at most one worker thread; this bounds them. */
    static final int MAX_CHECKS = 64;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private CheckSpecs() {
    }

    static Map<String, CheckSpec> parse(AgentConfig config) throws ConfigException {
        Map<String, SortedMap<String, String>> byName = new TreeMap<String, SortedMap<String, String>>();
        for (Map.Entry<String, String> e : config.subtree(PREFIX).entrySet()) {
            int dot = e.getKey().indexOf('.');
            if (dot <= 0 || dot == e.getKey().length() - 1) {
                throw new ConfigException(PREFIX + e.getKey(), "must look like check.<name>.<key>, e.g. check.db.type=jdbc");
            }
            String name = e.getKey().substring(0, dot);
            if (!NAME.matcher(name).matches()) {
                throw new ConfigException(PREFIX + e.getKey(), "the check name '" + name + "' may use only letters, digits, '_' and '-'");
            }
            SortedMap<String, String> keys = byName.get(name);
            if (keys == null) {
                keys = new TreeMap<String, String>();
                byName.put(name, keys);
            }
            keys.put(e.getKey().substring(dot + 1), e.getValue().trim());
        }
        if (byName.size() > MAX_CHECKS) {
            throw new ConfigException("check.*", byName.size() + " checks configured; at most " + MAX_CHECKS + " are allowed");
        }
        Map<String, CheckSpec> out = new LinkedHashMap<String, CheckSpec>();
        for (Map.Entry<String, SortedMap<String, String>> e : byName.entrySet()) {
            out.put(e.getKey(), one(e.getKey(), e.getValue()));
        }
        return Collections.unmodifiableMap(out);
    }

    private static CheckSpec one(String name, Map<String, String> keys) throws ConfigException {
        String key = PREFIX + name + ".";
        String typeName = keys.get("type");
        if (typeName == null || typeName.isEmpty()) {
            String dotted = "";
            for (String k : keys.keySet()) {
                if (k.endsWith(".type")) {
                    dotted = " (found " + key + k + ": a check's name may not contain '.')";
                }
            }
            throw new ConfigException(key + "type", "is missing; one of " + String.join(", ", CheckType.names()) + dotted);
        }
        CheckType type = CheckType.named(typeName.toLowerCase(Locale.ROOT));
        if (type == null) {
            throw new ConfigException(key + "type", "'" + typeName + "' is not one of " + String.join(", ", CheckType.names()));
        }
        for (String k : keys.keySet()) {
            if (!type.keys().contains(k)) {
                throw new ConfigException(key + k, "unknown key for a " + type.name() + " check; it takes " + String.join(", ", type.keys()));
            }
        }
        if (type.needsTarget() && (keys.get("target") == null || keys.get("target").isEmpty())) {
            throw new ConfigException(key + "target", "is needed for a " + type.name() + " check");
        }
        boolean critical;
        try {
            critical = keys.get("critical") == null || Values.bool().parse(keys.get("critical"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + "critical", "'" + keys.get("critical") + "' " + e.getMessage());
        }
        Double warn = threshold(key + "warn", keys.get("warn"), type.defaultWarn(), type);
        Double fail = threshold(key + "fail", keys.get("fail"), type.defaultFail(), type);
        CheckSpec spec = new CheckSpec(name, type, critical, warn, fail, keys);
        type.newCheck().validate(spec);
        return spec;
    }

    /** A number in the type's unit; {@code 12%} for percentages and {@code 500ms} or {@code 2s} for times also work; {@code off} for none. */
    static Double threshold(String key, String text, Double dflt, CheckType type) throws ConfigException {
        if (text == null || text.isEmpty()) {
            return dflt;
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("off") || t.equals("none")) {
            return null;
        }
        try {
            if (type.unit().equals("ms") && t.matches("\\d+\\s*(ms|s|m)")) {
                return (double) Values.parseDurationMillis(t);
            }
            if (type.unit().equals("percent") && t.endsWith("%")) {
                t = t.substring(0, t.length() - 1);
            }
            double v = Double.parseDouble(t);
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "'" + text + "' must be a number in " + type.unit()
                    + (type.unit().equals("ms") ? " (or a duration such as 500ms)" : "") + ", or off");
        }
    }
}
