package io.opsagent.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses agent arguments: {@code key=value} pairs separated by commas. A piece without '='
 * continues the previous value, so lists work unquoted:
 * {@code allow.cidrs=10.0.0.0/8,192.168.0.0/16,port=9950}.
 */
public final class AgentArgs {
    private AgentArgs() {
    }

    public static Map<String, String> parse(String args) throws ConfigException {
        Map<String, String> out = new LinkedHashMap<String, String>();
        if (args == null || args.trim().isEmpty()) {
            return out;
        }
        String last = null;
        for (String piece : args.split(",")) {
            int eq = piece.indexOf('=');
            if (eq < 0) {
                if (last == null) {
                    if (piece.trim().isEmpty()) {
                        continue;
                    }
                    throw new ConfigException(piece.trim(), "agent arguments must be key=value pairs separated by commas, e.g. port=9950,bind=127.0.0.1");
                }
                out.put(last, out.get(last) + "," + piece);
                continue;
            }
            String key = piece.substring(0, eq).trim();
            if (key.isEmpty()) {
                throw new ConfigException("(empty)", "an agent argument has no key before '=': '" + piece + "'");
            }
            if (out.containsKey(key)) {
                throw new ConfigException(key, "is given twice in the agent arguments");
            }
            out.put(key, piece.substring(eq + 1).trim());
            last = key;
        }
        return out;
    }
}
