package io.opsagent.demo;

import java.util.Map;

/** One behaviour the demo can be told to show: leak, churn, deadlock, ... Started and stopped over the demo's HTTP API. */
interface Scenario {
    /** Starts with the query parameters of the request (e.g. {@code bytesPerSecond=50000}). Returns a one-line description. */
    String start(Map<String, String> params) throws Exception;

    /** Stops and releases what it holds, where that is possible (a deadlock cannot be undone). */
    void stop();

    /** Reads a long parameter with a default. */
    static long param(Map<String, String> params, String name, long dflt) {
        String v = params.get(name);
        return v == null ? dflt : Long.parseLong(v.trim());
    }
}
