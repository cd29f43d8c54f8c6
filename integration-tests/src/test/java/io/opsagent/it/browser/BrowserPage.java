package io.opsagent.it.browser;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.opsagent.it.support.TargetJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One tab: navigate, evaluate, click with real mouse events, screenshot, and everything the page reported
 * (console messages, uncaught exceptions, log entries such as CSP refusals and failed loads, requests sent).
 */
public final class BrowserPage {
    private final Chromium browser;
    private final String session;
    private final List<JsonObject> events = new CopyOnWriteArrayList<>();
    private volatile String user;
    private volatile String password;

    BrowserPage(Chromium browser, String session) {
        this.browser = browser;
        this.session = session;
        send("Page.enable", null);
        send("Runtime.enable", null);
        send("Log.enable", null);
        send("Network.enable", null);
    }

    public JsonObject send(String method, JsonObject params) {
        return browser.send(session, method, params);
    }

    void event(JsonObject msg) {
        events.add(msg);
        String method = msg.get("method").getAsString();
        JsonObject p = msg.getAsJsonObject("params");
        if (method.equals("Fetch.requestPaused")) {
            browser.sendAsync(session, "Fetch.continueRequest", obj("requestId", p.get("requestId").getAsString()));
        } else if (method.equals("Fetch.authRequired")) {
            // What a person typing the token into the browser's Basic prompt does.
            JsonObject answer = new JsonObject();
            answer.addProperty("response", "ProvideCredentials");
            answer.addProperty("username", user);
            answer.addProperty("password", password);
            JsonObject params = obj("requestId", p.get("requestId").getAsString());
            params.add("authChallengeResponse", answer);
            browser.sendAsync(session, "Fetch.continueWithAuth", params);
        }
    }

    /** Answers the next Basic challenges with these credentials, until {@link #stopAnsweringChallenges}. */
    public void answerChallengesWith(String user, String password) {
        this.user = user;
        this.password = password;
        JsonObject params = new JsonObject();
        params.addProperty("handleAuthRequests", true);
        JsonArray patterns = new JsonArray();
        patterns.add(obj("urlPattern", "*"));
        params.add("patterns", patterns);
        send("Fetch.enable", params);
    }

    /** From here on the browser acts alone, with whatever credentials it has cached. */
    public void stopAnsweringChallenges() {
        send("Fetch.disable", null);
    }

    /** Runs before any script of every document this tab loads (DevTools scripts are exempt from the page's CSP). */
    public void beforeEachDocument(String js) {
        send("Page.addScriptToEvaluateOnNewDocument", obj("source", js));
    }

    public void size(int width, int height) {
        JsonObject p = new JsonObject();
        p.addProperty("width", width);
        p.addProperty("height", height);
        p.addProperty("deviceScaleFactor", 1);
        p.addProperty("mobile", false);
        send("Emulation.setDeviceMetricsOverride", p);
    }

    public void navigate(String url) {
        JsonObject r = send("Page.navigate", obj("url", url));
        if (r.has("errorText")) {
            throw new AssertionError("navigating to " + url + " failed: " + r.get("errorText").getAsString());
        }
        waitFor("document.readyState === 'complete'", 30, "the page at " + url + " to load");
    }

    /** The value of a JavaScript expression (promises awaited); a thrown exception fails the test. */
    public JsonElement evaluate(String js) {
        JsonObject p = obj("expression", js);
        p.addProperty("returnByValue", true);
        p.addProperty("awaitPromise", true);
        JsonObject r = send("Runtime.evaluate", p);
        if (r.has("exceptionDetails")) {
            throw new AssertionError("evaluating " + js + " threw: " + r.get("exceptionDetails"));
        }
        JsonObject result = r.getAsJsonObject("result");
        return result.has("value") ? result.get("value") : null;
    }

    public String text(String js) {
        JsonElement v = evaluate(js);
        return v == null || v.isJsonNull() ? null : v.getAsString();
    }

    /** Polls a JavaScript condition until it is truthy; fails naming what was awaited. */
    public void waitFor(String js, int seconds, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            JsonElement v = evaluate("!!(" + js + ")");
            if (v != null && v.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + seconds + " s for " + what + "; page problems so far: " + problems());
            }
            TargetJvm.sleep(200);
        }
    }

    /** A real left click in the middle of the element, as a mouse would make it. */
    public void click(String selector) {
        JsonElement rect = evaluate("(function(){var e=document.querySelector(" + quote(selector) + ");"
                + "if(!e){return null;}e.scrollIntoView({block:'center'});var r=e.getBoundingClientRect();"
                + "return [r.left + r.width / 2, r.top + r.height / 2];})()");
        if (rect == null || rect.isJsonNull()) {
            throw new AssertionError("nothing on the page matches " + selector);
        }
        double x = rect.getAsJsonArray().get(0).getAsDouble();
        double y = rect.getAsJsonArray().get(1).getAsDouble();
        for (String type : new String[] {"mouseMoved", "mousePressed", "mouseReleased"}) {
            JsonObject p = obj("type", type);
            p.addProperty("x", x);
            p.addProperty("y", y);
            if (!type.equals("mouseMoved")) {
                p.addProperty("button", "left");
                p.addProperty("clickCount", 1);
            }
            send("Input.dispatchMouseEvent", p);
        }
    }

    /** The whole page as a PNG, laid out at this width; returns {width, height}. */
    public int[] screenshot(Path file, int width, int minHeight) throws IOException {
        int height = Math.max(minHeight, (int) evaluate("document.documentElement.scrollHeight").getAsDouble());
        size(width, height);
        evaluate("new Promise(function (r) { requestAnimationFrame(function () { requestAnimationFrame(r); }); })");
        JsonObject p = obj("format", "png");
        p.addProperty("captureBeyondViewport", true);
        byte[] png = Base64.getDecoder().decode(send("Page.captureScreenshot", p).get("data").getAsString());
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, png);
        // IHDR: width and height are the big-endian ints at bytes 16 and 20.
        return new int[] {readInt(png, 16), readInt(png, 20)};
    }

    /** Console errors and warnings, uncaught exceptions, and error or warning log entries (CSP refusals, failed loads). */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        for (JsonObject e : events) {
            String method = e.get("method").getAsString();
            JsonObject p = e.getAsJsonObject("params");
            if (method.equals("Runtime.consoleAPICalled")) {
                String type = p.get("type").getAsString();
                if (type.equals("error") || type.equals("warning") || type.equals("assert")) {
                    out.add("console." + type + ": " + p.get("args"));
                }
            } else if (method.equals("Runtime.exceptionThrown")) {
                out.add("uncaught: " + p.getAsJsonObject("exceptionDetails"));
            } else if (method.equals("Log.entryAdded")) {
                JsonObject entry = p.getAsJsonObject("entry");
                String level = entry.get("level").getAsString();
                if (level.equals("error") || level.equals("warning")) {
                    out.add("log " + level + " (" + entry.get("source").getAsString() + "): " + entry.get("text").getAsString()
                            + (entry.has("url") ? " at " + entry.get("url").getAsString() : ""));
                }
            }
        }
        return out;
    }

    /** Every console message, for a report. */
    public List<String> console() {
        List<String> out = new ArrayList<>();
        for (JsonObject e : events) {
            String method = e.get("method").getAsString();
            if (method.equals("Runtime.consoleAPICalled") || method.equals("Log.entryAdded") || method.equals("Runtime.exceptionThrown")) {
                out.add(e.get("params").toString());
            }
        }
        return out;
    }

    /** Requests the page sent whose URL contains {@code urlPart}, as Network.requestWillBeSent saw them. */
    public List<JsonObject> requests(String method, String urlPart) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonObject e : events) {
            if (e.get("method").getAsString().equals("Network.requestWillBeSent")) {
                JsonObject req = e.getAsJsonObject("params").getAsJsonObject("request");
                if (req.get("method").getAsString().equals(method) && req.get("url").getAsString().contains(urlPart)) {
                    out.add(req);
                }
            }
        }
        return out;
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    private static String quote(String s) {
        return new Gson().toJson(s);
    }

    private static JsonObject obj(String key, String value) {
        JsonObject o = new JsonObject();
        o.addProperty(key, value);
        return o;
    }
}
