package io.opsagent.util;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/** The one Gson instance: HTML-safe escaping off (we serve JSON, not HTML), nulls omitted. */
public final class Json {
    public static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
    public static final Gson PRETTY = new GsonBuilder().disableHtmlEscaping().setPrettyPrinting().create();

    private Json() {
    }
}
