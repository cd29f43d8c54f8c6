package io.opsagent.config;

/** A bad configuration value, always naming the key, what was given and what is allowed. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String key;

    public ConfigException(String key, String message) {
        super(key + ": " + message);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
