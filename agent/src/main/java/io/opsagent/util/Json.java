package io.opsagent.util;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * JSON for the agent. Plain values (maps, lists, strings, numbers) are written by {@link JsonText}
 * without loading Gson; Gson (HTML-safe escaping off, nulls omitted) is created on first need: a
 * value of another kind, or parsing.
 */
public final class Json {
    private Json() {
    }

    /** The one Gson instance. */
    public static Gson gson() {
        return Gsons.COMPACT;
    }

    public static String toJson(Object value) {
        try {
            return JsonText.write(value, false);
        } catch (JsonText.Unsupported e) {
            return Gsons.COMPACT.toJson(value);
        }
    }

    /** Indented two spaces, as Gson's pretty printing. */
    public static String toPrettyJson(Object value) {
        try {
            return JsonText.write(value, true);
        } catch (JsonText.Unsupported e) {
            return Gsons.PRETTY.toJson(value);
        }
    }

    /** Loaded on first use only: Gson is some 130 classes. */
    private static final class Gsons {
        static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping().create();
        static final Gson PRETTY = new GsonBuilder().disableHtmlEscaping().setPrettyPrinting().create();
    }
}
