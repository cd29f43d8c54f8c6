package io.opsagent.it.browser;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium, driven over the Chrome DevTools protocol on a WebSocket (the JDK's own client):
 * no Selenium, no driver binary, and it sees what a WebDriver cannot (console, CSP reports, network headers,
 * auth challenges). Each instance has a fresh profile and is killed with its child processes on close.
 */
public final class Chromium implements AutoCloseable {
    public static final Path BINARY = Paths.get(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    private static final long COMMAND_SECONDS = 60;

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
    private final Map<String, Consumer<JsonObject>> sessions = new ConcurrentHashMap<>();
    /** Events are handled off the WebSocket's thread, so a handler may send commands and wait for them. */
    private final ExecutorService events = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cdp-events");
        t.setDaemon(true);
        return t;
    });

    private Chromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Starts Chromium headless with a fresh profile and connects to its browser target. */
    public static Chromium launch() throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("opsagent-chromium-");
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + profile,
                "--remote-debugging-port=0", "--window-size=1280,900", "about:blank"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.isRegularFile(portFile) || Files.readAllLines(portFile).size() < 2) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IOException("Chromium did not open its DevTools port; its log:\n"
                        + Files.readString(profile.resolve("chromium.log")));
            }
            Thread.sleep(50);
        }
        List<String> lines = Files.readAllLines(portFile);
        URI ws = URI.create("ws://127.0.0.1:" + lines.get(0).trim() + lines.get(1).trim());
        Chromium[] self = new Chromium[1];
        Listener listener = new Listener(msg -> self[0].dispatch(msg));
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(ws, listener).join();
        self[0] = new Chromium(p, profile, socket);
        return self[0];
    }

    /** A new tab, attached in flat mode: its commands and events carry its session id. */
    public BrowserPage newPage() {
        JsonObject params = new JsonObject();
        params.addProperty("url", "about:blank");
        String target = send(null, "Target.createTarget", params).get("targetId").getAsString();
        JsonObject attach = new JsonObject();
        attach.addProperty("targetId", target);
        attach.addProperty("flatten", true);
        String session = send(null, "Target.attachToTarget", attach).get("sessionId").getAsString();
        BrowserPage page = new BrowserPage(this, session);
        sessions.put(session, page::event);
        return page;
    }

    /** Sends one command and waits for its result; a protocol error fails the test with Chromium's message. */
    JsonObject send(String session, String method, JsonObject params) {
        try {
            return sendAsync(session, method, params).get(COMMAND_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(method + " got no answer from Chromium in " + COMMAND_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (Exception e) {
            throw new AssertionError(method + " failed: " + e.getMessage(), e);
        }
    }

    CompletableFuture<JsonObject> sendAsync(String session, String method, JsonObject params) {
        int id = ids.incrementAndGet();
        JsonObject msg = new JsonObject();
        msg.addProperty("id", id);
        msg.addProperty("method", method);
        msg.add("params", params == null ? new JsonObject() : params);
        if (session != null) {
            msg.addProperty("sessionId", session);
        }
        CompletableFuture<JsonObject> f = new CompletableFuture<>();
        pending.put(id, f);
        synchronized (socket) {
            socket.sendText(msg.toString(), true).join();
        }
        return f;
    }

    private void dispatch(String text) {
        JsonObject msg = JsonParser.parseString(text).getAsJsonObject();
        if (msg.has("id")) {
            CompletableFuture<JsonObject> f = pending.remove(msg.get("id").getAsInt());
            if (f != null) {
                if (msg.has("error")) {
                    f.completeExceptionally(new IllegalStateException(msg.get("error").toString()));
                } else {
                    f.complete(msg.has("result") ? msg.getAsJsonObject("result") : new JsonObject());
                }
            }
            return;
        }
        Consumer<JsonObject> page = msg.has("sessionId") ? sessions.get(msg.get("sessionId").getAsString()) : null;
        if (page != null) {
            events.execute(() -> page.accept(msg));
        }
    }

    /** Chromium's own output, for a failure message. */
    public String log() {
        try {
            return Files.readString(profile.resolve("chromium.log"));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        try {
            sendAsync(null, "Browser.close", null).get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // killed below
        }
        events.shutdownNow();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind
        }
    }

    /** Joins the frames of each message and hands the whole text on. */
    private static final class Listener implements WebSocket.Listener {
        private final Consumer<String> onMessage;
        private final StringBuilder buffer = new StringBuilder();

        Listener(Consumer<String> onMessage) {
            this.onMessage = onMessage;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
                String text = buffer.toString();
                buffer.setLength(0);
                onMessage.accept(text);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, java.nio.ByteBuffer data, boolean last) {
            ws.request(1);
            return null;
        }
    }
}
