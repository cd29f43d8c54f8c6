package io.opsagent.cli.shell;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/** The console's {@code profile}, {@code jfr} and {@code sites} commands (docs/profiling.md). */
final class ProfileCommands {
    static final String HELP =
            "  profile [cpu|alloc|wall|lock] [duration] <file>  profile for the duration (default cpu 30s); .html, .jfr or .txt (collapsed)\n"
            + "  jfr start [default|profile] [duration] | list | get <id> <file> | delete <id>   JFR recordings\n"
            + "  sites <class> [duration]       where live instances of a class were allocated (default 10s of sampling)\n";

    private final ShellCommands shell;
    private final ShellHttp http;
    private final PrintStream out;
    private final PrintStream err;

    ProfileCommands(ShellCommands shell, ShellHttp http, PrintStream out, PrintStream err) {
        this.shell = shell;
        this.http = http;
        this.out = out;
        this.err = err;
    }

    boolean run(List<String> w) throws IOException {
        switch (w.get(0)) {
            case "profile":
                return profile(w);
            case "jfr":
                return jfr(w);
            default:
                return sites(w);
        }
    }

    private boolean profile(List<String> w) throws IOException {
        String event = "cpu";
        String duration = "30s";
        String file = null;
        for (String a : w.subList(1, w.size())) {
            if (a.matches("cpu|alloc|wall|lock")) {
                event = a;
            } else if (a.matches("\\d+(ms|s|m)")) {
                duration = a;
            } else if (file == null) {
                file = a;
            } else {
                return shell.usage("usage: profile [cpu|alloc|wall|lock] [duration] <file>");
            }
        }
        if (file == null) {
            return shell.usage("usage: profile [cpu|alloc|wall|lock] [duration] <file>   e.g. profile cpu 30s flame.html");
        }
        String format = file.endsWith(".jfr") ? "jfr" : file.endsWith(".html") || file.endsWith(".htm") ? "html" : "collapsed";
        Path target = Paths.get(file).toAbsolutePath();
        err.println("profiling " + event + " for " + duration + "...");
        ShellHttp.Answer a = http.download("POST", "/profile?event=" + event + "&duration=" + duration + "&format=" + format, target,
                new ProgressBar(err));
        if (shell.failed(a)) {
            return false;
        }
        out.println(event + " profile (" + format + ") saved to " + target + " (" + ProgressBar.mib(Long.parseLong(a.body)) + "); engine "
                + header(a, "X-Profile-Engine") + ", sampler " + header(a, "X-Profile-Sampler"));
        String fallback = header(a, "X-Profile-Fallback");
        if (fallback != null) {
            out.println("note: async-profiler was not used: " + fallback);
        }
        return true;
    }

    private boolean jfr(List<String> w) throws IOException {
        String sub = w.size() > 1 ? w.get(1) : "list";
        if (sub.equals("list") && w.size() <= 2) {
            return shell.show(http.get("/jfr", null));
        }
        if (sub.equals("start") && w.size() <= 4) {
            JsonObject body = new JsonObject();
            for (String a : w.subList(2, w.size())) {
                body.addProperty(a.matches("\\d+(ms|s|m|h)") ? "duration" : "settings", a);
            }
            return shell.show(http.post("/jfr", body.toString()));
        }
        if (sub.equals("get") && w.size() == 4) {
            Path target = Paths.get(w.get(3)).toAbsolutePath();
            ShellHttp.Answer a = http.download("/jfr/" + enc(w.get(2)), target, new ProgressBar(err));
            if (shell.failed(a)) {
                return false;
            }
            out.println("recording saved to " + target + " (" + ProgressBar.mib(Long.parseLong(a.body)) + ")");
            return true;
        }
        if (sub.equals("delete") && w.size() == 3) {
            return shell.show(http.send("DELETE", "/jfr/" + enc(w.get(2))));
        }
        return shell.usage("usage: jfr start [default|profile] [duration] | jfr list | jfr get <id> <file> | jfr delete <id>");
    }

    private boolean sites(List<String> w) throws IOException {
        if (w.size() < 2 || w.size() > 3) {
            return shell.usage("usage: sites <class> [duration]   e.g. sites com.acme.Order 20s");
        }
        String duration = w.size() == 3 ? w.get(2) : "10s";
        err.println("sampling allocations of " + w.get(1) + " for " + duration + "...");
        ShellHttp.Answer a = http.get("/leaks?sites=" + enc(w.get(1)) + "&duration=" + enc(duration), null);
        if (shell.failed(a)) {
            return false;
        }
        JsonObject s = a.json().getAsJsonObject().getAsJsonObject("allocationSites");
        out.println(s.get("matchedSamples").getAsInt() + " of " + s.get("liveSamples").getAsInt() + " sampled live objects are "
                + s.get("className").getAsString() + " (engine " + s.get("engine").getAsString() + ")");
        int i = 1;
        for (JsonElement e : s.getAsJsonArray("sites")) {
            JsonObject site = e.getAsJsonObject();
            out.printf("#%d  %s of samples (%s)%n", i++, Math.round(site.get("share").getAsDouble() * 100) + "%", site.get("match").getAsString());
            for (JsonElement fe : site.getAsJsonArray("frames")) {
                JsonObject f = fe.getAsJsonObject();
                out.println("      at " + f.get("method").getAsString() + (f.has("file") ? "(" + f.get("file").getAsString() + ":" + f.get("line").getAsInt() + ")" : ""));
            }
        }
        if (s.has("note")) {
            out.println("note: " + s.get("note").getAsString());
        }
        return true;
    }

    private static String header(ShellHttp.Answer a, String name) {
        for (java.util.Map.Entry<String, List<String>> h : a.headers.entrySet()) {
            if (name.equalsIgnoreCase(h.getKey()) && !h.getValue().isEmpty()) {
                return h.getValue().get(0);
            }
        }
        return null;
    }

    private static String enc(String s) throws IOException {
        return URLEncoder.encode(s, "UTF-8");
    }
}
