package io.opsagent.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A plain Java 8 service with no framework, standing in for a legacy application. Its own small
 * HTTP API (on loopback) starts scenarios:
 * <pre>
 *   POST /start/leak?bytesPerSecond=200000   POST /stop/leak
 *   GET  /status    GET /pause[?reset=true]   GET /log-level
 * </pre>
 * Scenarios can also be started from the command line: {@code --run=leak,deadlock}.
 * It prints {@code DEMO_PORT=<port>} and {@code DEMO_PID=<pid>} once it is serving.
 */
public final class DemoTarget {
    /** The JUL logger whose level the log-level command is shown changing. */
    static final Logger LOG = Logger.getLogger("io.opsagent.demo.app");

    private static final Map<String, Scenario> RUNNING = new LinkedHashMap<>();

    private DemoTarget() {
    }

    public static void main(String[] args) throws Exception {
        // How long the JVM took to reach main: what a -javaagent's premain adds shows up here (bench/startup.sh).
        long mainAtMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        int port = 0;
        String run = "";
        for (String a : args) {
            if (a.startsWith("--port=")) {
                port = Integer.parseInt(a.substring(7));
            } else if (a.startsWith("--run=")) {
                run = a.substring(6);
            } else {
                System.err.println("usage: demo-target [--port=N] [--run=leak,churn,cache,step,fill,deadlock,busy]");
                System.exit(2);
            }
        }
        LOG.setLevel(Level.INFO);
        PauseMeter.start();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.createContext("/", DemoTarget::handle);
        server.start();
        for (String name : run.split(",")) {
            if (!name.trim().isEmpty()) {
                System.out.println(start(name.trim(), new LinkedHashMap<>()));
            }
        }
        String pid = ManagementFactory.getRuntimeMXBean().getName().split("@")[0];
        System.out.println("DEMO_PORT=" + server.getAddress().getPort());
        System.out.println("DEMO_MAIN_AT_MS=" + mainAtMs);
        System.out.println("DEMO_PID=" + pid);
        System.out.flush();
        Thread.currentThread().join();
    }

    private static synchronized String start(String name, Map<String, String> params) throws Exception {
        Callable<Scenario> make = Scenarios.all().get(name);
        if (make == null) {
            throw new IllegalArgumentException("no scenario '" + name + "'; try one of " + Scenarios.all().keySet());
        }
        stop(name);
        Scenario s = make.call();
        String what = s.start(params);
        RUNNING.put(name, s);
        return what;
    }

    private static synchronized boolean stop(String name) {
        Scenario s = RUNNING.remove(name);
        if (s != null) {
            s.stop();
        }
        return s != null;
    }

    private static void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        int status = 200;
        String body;
        try {
            if (path.startsWith("/start/")) {
                body = start(path.substring(7), q);
            } else if (path.startsWith("/stop/")) {
                body = stop(path.substring(6)) ? "stopped" : "not running";
            } else if (path.equals("/pause")) {
                body = String.valueOf(PauseMeter.longestMillis());
                if ("true".equals(q.get("reset"))) {
                    PauseMeter.reset();
                }
            } else if (path.equals("/log-level")) {
                body = String.valueOf(LOG.getLevel());
            } else if (path.equals("/status")) {
                synchronized (DemoTarget.class) {
                    body = "running=" + RUNNING.keySet() + " leaked=" + LeakScenario.KEPT.size();
                }
            } else {
                status = 404;
                body = "no such path; try /status, /pause, /log-level, /start/<scenario>, /stop/<scenario>";
            }
        } catch (Exception e) {
            status = 400;
            body = String.valueOf(e);
        }
        byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(String raw) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw == null) {
            return m;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), "UTF-8");
            m.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), "UTF-8"));
        }
        return m;
    }
}
