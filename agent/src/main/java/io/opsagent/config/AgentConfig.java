package io.opsagent.config;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The agent's configuration: immutable and validated. Every contract key has a typed value (or
 * null when unset); keys under open prefixes such as {@code check.} are kept as text for the
 * feature that owns them to validate.
 */
public final class AgentConfig {
    private final Map<String, String> text;
    private final Map<String, String> sources;
    private final Map<Key<?>, Object> values;

    private AgentConfig(Map<String, String> text, Map<String, String> sources, Map<Key<?>, Object> values) {
        this.text = text;
        this.sources = sources;
        this.values = values;
    }

    /**
     * Validates merged key texts (defaults are filled in here).
     *
     * @param text    key to value, already merged by precedence
     * @param sources key to a human description of where it came from, for error messages
     */
    public static AgentConfig of(Map<String, String> text, Map<String, String> sources) throws ConfigException {
        Map<String, String> merged = new LinkedHashMap<String, String>();
        Map<Key<?>, Object> values = new HashMap<Key<?>, Object>();
        for (Map.Entry<String, String> e : text.entrySet()) {
            if (!Keys.isKnown(e.getKey())) {
                String near = Keys.closest(e.getKey());
                throw new ConfigException(e.getKey(), "unknown key (from " + sourceOf(sources, e.getKey()) + ")"
                        + (near != null ? "; did you mean " + near + "?" : "; see 'java -jar opsagent.jar help' for the keys"));
            }
            merged.put(e.getKey(), e.getValue());
        }
        for (Key<?> key : Keys.all().values()) {
            String t = merged.get(key.name());
            if (t == null) {
                t = key.defaultText();
                if (t == null) {
                    continue;
                }
                merged.put(key.name(), t);
            }
            try {
                values.put(key, key.parse(t));
            } catch (IllegalArgumentException e) {
                String shown = key.secret() ? "(hidden)" : "'" + t + "'";
                throw new ConfigException(key.name(), "bad value " + shown + " from " + sourceOf(sources, key.name()) + ": " + e.getMessage());
            }
        }
        if (values.get(Keys.TOKEN) != null && values.get(Keys.TOKEN_FILE) != null) {
            throw new ConfigException("token", "set token or token.file, not both");
        }
        if (values.get(Keys.MONITOR_TOKEN) != null && values.get(Keys.MONITOR_TOKEN_FILE) != null) {
            throw new ConfigException("monitor.token", "set monitor.token or monitor.token.file, not both");
        }
        if (values.get(Keys.TLS_KEYSTORE) != null && values.get(Keys.TLS_KEYSTORE_PASSWORD) == null) {
            throw new ConfigException("tls.keystore.password", "is needed with tls.keystore (the key store's password)");
        }
        healthTimingFollowsTheUser(text, merged, values);
        return new AgentConfig(Collections.unmodifiableMap(merged), Collections.unmodifiableMap(new HashMap<String, String>(sources)), values);
    }

    /**
     * The health timeout must stay below the interval. A default never vetoes a value the user chose: a short
     * interval given alone pulls the default timeout down to half of it, a long timeout given alone pushes the
     * default interval up to twice it; only two explicit values that contradict each other are refused.
     */
    private static void healthTimingFollowsTheUser(Map<String, String> given, Map<String, String> merged, Map<Key<?>, Object> values)
            throws ConfigException {
        long interval = (Long) values.get(Keys.HEALTH_INTERVAL);
        long timeout = (Long) values.get(Keys.HEALTH_TIMEOUT);
        if (timeout < interval) {
            return;
        }
        boolean intervalGiven = given.containsKey(Keys.HEALTH_INTERVAL.name());
        boolean timeoutGiven = given.containsKey(Keys.HEALTH_TIMEOUT.name());
        if (intervalGiven && timeoutGiven) {
            throw new ConfigException("health.timeout", "must be shorter than health.interval (" + Values.formatDuration(interval) + ")");
        }
        if (timeoutGiven) {
            interval = 2 * timeout;
            values.put(Keys.HEALTH_INTERVAL, interval);
            merged.put(Keys.HEALTH_INTERVAL.name(), Values.formatDuration(interval));
        } else {
            timeout = interval / 2;
            values.put(Keys.HEALTH_TIMEOUT, timeout);
            merged.put(Keys.HEALTH_TIMEOUT.name(), Values.formatDuration(timeout));
        }
    }

    public static AgentConfig defaults() {
        try {
            return of(Collections.<String, String>emptyMap(), Collections.<String, String>emptyMap());
        } catch (ConfigException e) {
            throw new IllegalStateException("the defaults are invalid: " + e.getMessage(), e);
        }
    }

    private static String sourceOf(Map<String, String> sources, String key) {
        String s = sources.get(key);
        return s != null ? s : "defaults";
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Key<T> key) {
        return (T) values.get(key);
    }

    /** The raw text of a key, or null. */
    public String text(String key) {
        return text.get(key);
    }

    /** Where a key's value came from: "agent argument", "system property opsagent.port", ... or "defaults". */
    public String source(String key) {
        return sourceOf(sources, key);
    }

    /** All keys under a prefix (the prefix stripped), sorted; e.g. {@code subtree("check.")}. */
    public SortedMap<String, String> subtree(String prefix) {
        SortedMap<String, String> out = new TreeMap<String, String>();
        for (Map.Entry<String, String> e : text.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                out.put(e.getKey().substring(prefix.length()), e.getValue());
            }
        }
        return out;
    }

    /** Every key's text with secrets masked, for /info and the log. */
    public Map<String, String> masked() {
        Map<String, String> out = new TreeMap<String, String>();
        for (Map.Entry<String, String> e : text.entrySet()) {
            Key<?> k = Keys.all().get(e.getKey());
            boolean secret = (k != null && k.secret()) || e.getKey().toLowerCase(java.util.Locale.ROOT).contains("password");
            out.put(e.getKey(), secret ? "****" : e.getValue());
        }
        return out;
    }

    Map<String, String> texts() {
        return text;
    }

    Map<String, String> sources() {
        return sources;
    }
}
