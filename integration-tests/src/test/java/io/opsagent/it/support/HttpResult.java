package io.opsagent.it.support;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** An answer as the client saw it. */
public record HttpResult(int status, Map<String, List<String>> headers, byte[] body) {
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public JsonObject json() {
        JsonElement e = JsonParser.parseString(text());
        return e.getAsJsonObject();
    }

    /** A header by case-insensitive name, or null. */
    public String header(String name) {
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            if (h.getKey() != null && h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty()) {
                return h.getValue().get(0);
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return status + " " + text();
    }
}
