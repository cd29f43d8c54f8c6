package io.opsagent.cli;

import io.opsagent.util.Json;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prometheus file-based service discovery JSON for the agents on this host: one target group per agent,
 * its {@code host:port}, and labels for the pid, main class and JVM version, plus {@code __scheme__} and
 * {@code __metrics_path__} so HTTPS and a {@code path.prefix} need nothing in the scrape config. A pure
 * function of what {@code list} found; {@link PrometheusSdCommand} does the finding and the writing.
 */
final class PrometheusTargets {
    static final String UNKNOWN = "unknown";

    /** One running agent as {@code list} found it. */
    static final class Agent {
        final long pid;
        final String main;
        final String url;
        final String jvmVersion;

        Agent(long pid, String main, String url, String jvmVersion) {
            this.pid = pid;
            this.main = main;
            this.url = url;
            this.jvmVersion = jvmVersion;
        }
    }

    private PrometheusTargets() {
    }

    /** The file-SD document: a JSON array of target groups, ordered by pid; {@code []} when no agent runs. */
    static String render(List<Agent> agents) {
        List<Map<String, Object>> groups = new ArrayList<Map<String, Object>>();
        for (Agent a : agents) {
            URI u = URI.create(a.url);
            Map<String, String> labels = new LinkedHashMap<String, String>();
            labels.put("__scheme__", u.getScheme());
            labels.put("__metrics_path__", (u.getPath() == null ? "" : stripSlash(u.getPath())) + "/metrics");
            labels.put("pid", Long.toString(a.pid));
            labels.put("main_class", mainClass(a.main));
            labels.put("jvm_version", a.jvmVersion == null ? UNKNOWN : a.jvmVersion);
            Map<String, Object> group = new LinkedHashMap<String, Object>();
            group.put("targets", Collections.singletonList(u.getHost() + ":" + u.getPort()));
            group.put("labels", labels);
            groups.add(group);
        }
        return Json.toPrettyJson(groups) + "\n";
    }

    /** The main class or jar without the program's arguments, which may hold anything (even secrets). */
    static String mainClass(String main) {
        String m = main == null ? "" : main.trim();
        int space = m.indexOf(' ');
        m = space < 0 ? m : m.substring(0, space);
        return m.isEmpty() ? UNKNOWN : m;
    }

    private static String stripSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
