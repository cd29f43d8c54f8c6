package io.opsagent.config;

/**
 * One configuration key of the contract: its name, default, parser, whether it can change at run
 * time, and one line of documentation (which {@code help} prints).
 */
public final class Key<T> {
    private final String name;
    private final String defaultText;
    private final Parser<T> parser;
    private final boolean reloadable;
    private final boolean secret;
    private final String doc;

    Key(String name, String defaultText, Parser<T> parser, boolean reloadable, boolean secret, String doc) {
        this.name = name;
        this.defaultText = defaultText;
        this.parser = parser;
        this.reloadable = reloadable;
        this.secret = secret;
        this.doc = doc;
    }

    public String name() {
        return name;
    }

    /** The default as text, or null when the key is unset by default. */
    public String defaultText() {
        return defaultText;
    }

    public boolean reloadable() {
        return reloadable;
    }

    public boolean secret() {
        return secret;
    }

    public String doc() {
        return doc;
    }

    T parse(String text) {
        return parser.parse(text);
    }

    /** The environment variable that sets this key: {@code OPSAGENT_} + upper case, dots become underscores. */
    public String envName() {
        return envName(name);
    }

    static String envName(String key) {
        return "OPSAGENT_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    @Override
    public String toString() {
        return name;
    }
}
