package io.opsagent.cli.shell;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.opsagent.util.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/** What each console command asks the endpoint, and how its answer is shown. */
final class ShellCommands {
    static final String HELP = "commands:\n"
            + "  health                         aggregate health with each check\n"
            + "  leaks                          the leak report\n"
            + "  memory                         heap and non-heap pools\n"
            + "  info                           agent and JVM information\n"
            + "  threads [top N]                thread dump (jstack format), or the N threads using most CPU since the last 'top'\n"
            + "  gc                             run a full GC, show heap before and after\n"
            + "  histogram [N] [all]            the N classes with most bytes (default 20); 'all' counts garbage too, without a full GC\n"
            + "  flag <name> [value]            read a JVM flag, or set a manageable one\n"
            + "  log-level <logger> [level] [ttl]  read or set a logger's level, e.g. log-level com.acme DEBUG 5m\n"
            + "  jcmd <command> [args...]       an allow-listed diagnostic command, e.g. jcmd VM.uptime\n"
            + "  heapdump <file>                take a heap dump and download it to <file>\n"
            + ProfileCommands.HELP
            + "  commands                       the maintenance commands the agent offers\n"
            + "  history, !n, !!                this session's commands; run number n again, or the last one\n"
            + "  help                           this text\n"
            + "  quit                           leave (end of input does too)\n";

    private final ShellHttp http;
    private final PrintStream out;
    private final PrintStream err;

    ShellCommands(ShellHttp http, PrintStream out, PrintStream err) {
        this.http = http;
        this.out = out;
        this.err = err;
    }

    /** Runs one command line (already split); false when it failed, after saying why on stderr. */
    boolean run(List<String> w) throws IOException {
        String cmd = w.get(0);
        switch (cmd) {
            case "help":
            case "?":
                out.print(HELP);
                return true;
            case "health":
                return show(http.get("/health", null));
            case "leaks":
                return show(http.get("/leaks", null));
            case "info":
                return show(http.get("/info", null));
            case "commands":
                return show(http.get("/commands", null));
            case "memory":
                return memory(http.get("/memory", null));
            case "threads":
                return threads(w);
            case "gc":
                return gc(http.post("/commands/gc", "{}"));
            case "histogram":
                return histogram(w);
            case "flag":
                return flag(w);
            case "log-level":
                return logLevel(w);
            case "jcmd":
                return jcmd(w);
            case "heapdump":
                return heapdump(w);
            case "profile":
            case "jfr":
            case "sites":
                return new ProfileCommands(this, http, out, err).run(w);
            default:
                return usage("unknown command '" + cmd + "'; type 'help' for the list");
        }
    }

    boolean usage(String message) {
        err.println("error: " + message);
        return false;
    }

    boolean failed(ShellHttp.Answer a) {
        if (a.ok()) {
            return false;
        }
        err.println("error: " + a.errorLine());
        return true;
    }

    /** Prints the answer; a failing health answer (503 with checks) is shown too, since it says what fails. */
    boolean show(ShellHttp.Answer a) {
        if (!a.ok() && (!a.isJson() || a.body.contains("\"error\"")) && failed(a)) {
            return false;
        }
        out.println(a.isJson() ? Json.toPrettyJson(a.json()) : a.body);
        return a.ok();
    }

    private boolean memory(ShellHttp.Answer a) {
        if (failed(a)) {
            return false;
        }
        JsonObject m = a.json().getAsJsonObject();
        out.println(usageLine("heap", m.getAsJsonObject("heap")));
        out.println(usageLine("non-heap", m.getAsJsonObject("nonHeap")));
        for (JsonElement e : m.getAsJsonArray("pools")) {
            JsonObject p = e.getAsJsonObject();
            out.println(usageLine("  " + p.get("name").getAsString(), p.getAsJsonObject("usage")));
        }
        return true;
    }

    private static String usageLine(String name, JsonObject u) {
        long max = u.has("max") ? u.get("max").getAsLong() : -1;
        return String.format("%-36s used %10s  committed %10s  max %10s", name, ProgressBar.mib(u.get("used").getAsLong()),
                ProgressBar.mib(u.get("committed").getAsLong()), max < 0 ? "-" : ProgressBar.mib(max));
    }

    private boolean threads(List<String> w) throws IOException {
        if (w.size() == 1) {
            return show(http.get("/threads", "text/plain"));
        }
        if (w.size() == 3 && w.get(1).equals("top") && w.get(2).matches("\\d{1,4}")) {
            return show(http.get("/threads?top=" + w.get(2), "text/plain"));
        }
        return usage("usage: threads [top N]");
    }

    private boolean gc(ShellHttp.Answer a) {
        if (failed(a)) {
            return false;
        }
        JsonObject g = a.json().getAsJsonObject();
        out.printf("GC took %d ms: heap used %s -> %s (freed %s), max %s%n", g.get("durationMillis").getAsLong(),
                ProgressBar.mib(g.get("heapUsedBefore").getAsLong()), ProgressBar.mib(g.get("heapUsedAfter").getAsLong()),
                ProgressBar.mib(g.get("freedBytes").getAsLong()), ProgressBar.mib(g.get("heapMax").getAsLong()));
        if (g.has("note")) {
            out.println("note: " + g.get("note").getAsString());
        }
        return true;
    }

    private boolean histogram(List<String> w) throws IOException {
        JsonObject body = new JsonObject();
        for (String a : w.subList(1, w.size())) {
            if (a.matches("\\d{1,4}")) {
                body.addProperty("top", Integer.parseInt(a));
            } else if (a.equals("all")) {
                body.addProperty("live", false);
            } else {
                return usage("usage: histogram [N] [all]");
            }
        }
        ShellHttp.Answer a = http.post("/commands/class-histogram", body.toString());
        if (failed(a)) {
            return false;
        }
        JsonObject h = a.json().getAsJsonObject();
        out.printf("%4s %12s %14s  %s%n", "#", "instances", "bytes", "class");
        int i = 1;
        for (JsonElement e : h.getAsJsonArray("top")) {
            JsonObject r = e.getAsJsonObject();
            out.printf("%4d %12d %14d  %s%n", i++, r.get("instances").getAsLong(), r.get("bytes").getAsLong(), r.get("class").getAsString());
        }
        out.printf("total: %d classes, %d instances, %s (%s)%n", h.get("classes").getAsLong(), h.get("totalInstances").getAsLong(),
                ProgressBar.mib(h.get("totalBytes").getAsLong()), h.get("live").getAsBoolean() ? "live objects" : "including garbage");
        return true;
    }

    private boolean flag(List<String> w) throws IOException {
        if (w.size() < 2 || w.size() > 3) {
            return usage("usage: flag <name> [value]");
        }
        JsonObject body = new JsonObject();
        body.addProperty("name", w.get(1));
        if (w.size() == 3) {
            body.addProperty("value", w.get(2));
        }
        ShellHttp.Answer a = http.post("/commands/vm-flag", body.toString());
        if (failed(a)) {
            return false;
        }
        JsonObject f = a.json().getAsJsonObject();
        out.println(f.get("name").getAsString() + " = " + f.get("value").getAsString()
                + (f.has("oldValue") ? " (was " + f.get("oldValue").getAsString() + ")" : "")
                + " [" + f.get("origin").getAsString() + (f.has("manageable") && f.get("manageable").getAsBoolean() ? ", manageable" : "") + "]");
        return true;
    }

    private boolean logLevel(List<String> w) throws IOException {
        if (w.size() < 2 || w.size() > 4) {
            return usage("usage: log-level <logger> [level] [ttl]   (use \"\" for the root logger)");
        }
        JsonObject body = new JsonObject();
        body.addProperty("logger", w.get(1));
        if (w.size() > 2) {
            body.addProperty("level", w.get(2));
        }
        if (w.size() > 3) {
            body.addProperty("ttl", w.get(3));
        }
        ShellHttp.Answer a = http.post("/commands/log-level", body.toString());
        if (failed(a)) {
            return false;
        }
        JsonObject r = a.json().getAsJsonObject();
        for (JsonElement e : r.getAsJsonArray("frameworks")) {
            JsonObject f = e.getAsJsonObject();
            String line = f.get("framework").getAsString() + ": ";
            if (f.has("error")) {
                line += "failed: " + f.get("error").getAsString();
            } else if (f.has("newEffectiveLevel")) {
                line += text(f, "oldLevel", "oldEffectiveLevel") + " -> " + text(f, "newLevel", "newEffectiveLevel")
                        + (f.has("restoresTo") ? ", back to " + text(f, "restoresTo", null) + " in " + w.get(3) : "");
            } else {
                line += text(f, "level", "effectiveLevel");
            }
            out.println(line);
        }
        return true;
    }

    /** A level as set, or "inherit (X)" when the logger has none of its own. */
    private static String text(JsonObject o, String own, String effective) {
        JsonElement l = o.get(own);
        if (l != null && !l.isJsonNull()) {
            return l.getAsString();
        }
        JsonElement e = effective == null ? null : o.get(effective);
        return "inherit" + (e != null && !e.isJsonNull() ? " (" + e.getAsString() + ")" : "");
    }

    private boolean jcmd(List<String> w) throws IOException {
        if (w.size() < 2) {
            return usage("usage: jcmd <command> [args...], e.g. jcmd VM.uptime");
        }
        JsonObject body = new JsonObject();
        body.addProperty("command", w.get(1));
        JsonArray args = new JsonArray();
        for (String s : w.subList(2, w.size())) {
            args.add(new JsonPrimitive(s));
        }
        body.add("args", args);
        ShellHttp.Answer a = http.post("/commands/jcmd", body.toString());
        if (failed(a)) {
            return false;
        }
        out.print(a.json().getAsJsonObject().get("output").getAsString());
        return true;
    }

    private boolean heapdump(List<String> w) throws IOException {
        if (w.size() != 2) {
            return usage("usage: heapdump <file>");
        }
        Path file = Paths.get(w.get(1)).toAbsolutePath();
        err.println("taking a heap dump; the application pauses while the JVM writes it...");
        ShellHttp.Answer a = http.download("/heapdump", file, new ProgressBar(err));
        if (failed(a)) {
            return false;
        }
        out.println("heap dump saved to " + file + " (" + ProgressBar.mib(Long.parseLong(a.body)) + ")");
        return true;
    }
}
