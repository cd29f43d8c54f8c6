package io.opsagent.commands;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.opsagent.config.Values;
import io.opsagent.http.HttpError;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A command's JSON body checked against its declared arguments: unknown names, wrong types and
 * missing required values are refused (400) with the list of what is allowed, before anything runs.
 */
public final class CommandArgs {
    private final Map<String, Object> values;

    CommandArgs(Map<String, Object> values) {
        this.values = values;
    }

    public static CommandArgs parse(String body, Command cmd) {
        JsonObject obj;
        try {
            JsonElement e = body == null || body.trim().isEmpty() ? new JsonObject() : JsonParser.parseString(body);
            if (!e.isJsonObject()) {
                throw bad(cmd, "the body of " + cmd.name() + " must be a JSON object");
            }
            obj = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw bad(cmd, "the body is not valid JSON: " + rootMessage(e));
        }
        Map<String, CommandArg> declared = new LinkedHashMap<String, CommandArg>();
        for (CommandArg a : cmd.args()) {
            declared.put(a.name, a);
        }
        for (String k : obj.keySet()) {
            if (!declared.containsKey(k)) {
                throw bad(cmd, cmd.name() + " has no argument '" + k + "'");
            }
        }
        Map<String, Object> values = new LinkedHashMap<String, Object>();
        for (CommandArg a : declared.values()) {
            JsonElement v = obj.get(a.name);
            if (v == null || v.isJsonNull()) {
                if (a.required) {
                    throw bad(cmd, cmd.name() + " needs the argument '" + a.name + "' (" + a.type.label + ")");
                }
                values.put(a.name, a.dflt);
            } else {
                values.put(a.name, convert(cmd, a, v));
            }
        }
        return new CommandArgs(values);
    }

    private static Object convert(Command cmd, CommandArg a, JsonElement v) {
        String wrong = "argument '" + a.name + "' of " + cmd.name() + " must be " + a.type.label + ", not " + v;
        if (a.type == CommandArg.Type.STRINGS) {
            if (!v.isJsonArray()) {
                throw bad(cmd, wrong);
            }
            List<String> out = new ArrayList<String>();
            for (JsonElement i : (JsonArray) v) {
                if (!i.isJsonPrimitive() || !i.getAsJsonPrimitive().isString()) {
                    throw bad(cmd, wrong);
                }
                out.add(i.getAsString());
            }
            return Collections.unmodifiableList(out);
        }
        if (!v.isJsonPrimitive()) {
            throw bad(cmd, wrong);
        }
        JsonPrimitive p = v.getAsJsonPrimitive();
        switch (a.type) {
            case BOOLEAN:
                if (!p.isBoolean()) {
                    throw bad(cmd, wrong);
                }
                return p.getAsBoolean();
            case INTEGER:
                if (!p.isNumber() || p.getAsDouble() != Math.rint(p.getAsDouble()) || Math.abs(p.getAsDouble()) > Integer.MAX_VALUE) {
                    throw bad(cmd, wrong);
                }
                return p.getAsInt();
            case DURATION:
                if (!p.isString()) {
                    throw bad(cmd, wrong + " (e.g. \"30s\")");
                }
                try {
                    return Values.parseDurationMillis(p.getAsString());
                } catch (IllegalArgumentException e) {
                    throw bad(cmd, "argument '" + a.name + "' " + e.getMessage());
                }
            default:
                if (!p.isString()) {
                    throw bad(cmd, wrong);
                }
                return p.getAsString();
        }
    }

    /** A 400 that lists the command's arguments, so the caller sees what is allowed. */
    public static HttpError bad(Command cmd, String what) {
        List<Object> allowed = new ArrayList<Object>();
        for (CommandArg a : cmd.args()) {
            allowed.add(a.describe());
        }
        return HttpError.badRequest(what, "send a JSON object with these arguments: " + names(cmd)).with("arguments", allowed);
    }

    private static String names(Command cmd) {
        if (cmd.args().isEmpty()) {
            return "none ({} or an empty body)";
        }
        List<String> out = new ArrayList<String>();
        for (CommandArg a : cmd.args()) {
            out.add(a.name + (a.required ? "" : "?") + ": " + a.type.label);
        }
        return String.join(", ", out);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }

    public String string(String name) {
        return (String) values.get(name);
    }

    public Integer integer(String name) {
        return (Integer) values.get(name);
    }

    public Boolean bool(String name) {
        return (Boolean) values.get(name);
    }

    /** A duration in milliseconds, or null when absent. */
    public Long durationMillis(String name) {
        return (Long) values.get(name);
    }

    @SuppressWarnings("unchecked")
    public List<String> strings(String name) {
        Object v = values.get(name);
        return v == null ? Collections.<String>emptyList() : (List<String>) v;
    }

    /** What the audit line records: the arguments as given (commands take no secrets). */
    public Map<String, Object> asMap() {
        return Collections.unmodifiableMap(values);
    }
}
