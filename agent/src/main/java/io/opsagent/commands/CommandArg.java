package io.opsagent.commands;

import java.util.LinkedHashMap;
import java.util.Map;

/** One argument a command accepts: its name, JSON type, whether it is required, its default. */
public final class CommandArg {
    /** The JSON types arguments may have; {@code duration} is a string such as {@code "30s"}. */
    public enum Type {
        STRING("string"), INTEGER("integer"), BOOLEAN("boolean"), DURATION("duration"), STRINGS("array of strings");

        final String label;

        Type(String label) {
            this.label = label;
        }
    }

    final String name;
    final Type type;
    final boolean required;
    final Object dflt;
    final String description;

    private CommandArg(String name, Type type, boolean required, Object dflt, String description) {
        this.name = name;
        this.type = type;
        this.required = required;
        this.dflt = dflt;
        this.description = description;
    }

    public static CommandArg required(String name, Type type, String description) {
        return new CommandArg(name, type, true, null, description);
    }

    public static CommandArg optional(String name, Type type, Object dflt, String description) {
        return new CommandArg(name, type, false, dflt, description);
    }

    /** As {@code GET /commands} and error answers list it. */
    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<String, Object>();
        m.put("name", name);
        m.put("type", type.label);
        m.put("required", required);
        if (dflt != null) {
            m.put("default", dflt);
        }
        m.put("description", description);
        return m;
    }
}
