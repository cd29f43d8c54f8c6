package io.opsagent.it.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;
import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.TargetJvm;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A page on another origin, opened in headless Chromium by an operator whose browser holds the
 * dashboard's Basic credentials, tries a form post and a no-cors fetch against POST /commands/gc.
 * Nothing may run: no successful audit line, and the audit log shows each refusal.
 */
class CrossOriginTest {
    @Test
    void aCrossSiteFormPostAndNoCorsFetchRunNothing() throws Exception {
        String chromium = ExternalTools.require("chromium");
        String driver = ExternalTools.require("chromedriver");
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).agentArgs("port=0").start()) {
            URI agent = URI.create(jvm.agentUrl());
            String target = agent + "/commands/gc";
            HttpServer evil = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            byte[] page = ("<html><body><form id='f' method='POST' action='" + target + "'><input name='x' value='1'></form><script>"
                    + "fetch('" + target + "', {method: 'POST', mode: 'no-cors', credentials: 'include', body: '{}'})"
                    + ".then(function () { document.title = 'fetched'; }, function () { document.title = 'fetch-failed'; })"
                    + ".then(function () { setTimeout(function () { document.getElementById('f').submit(); }, 500); });"
                    + "</script></body></html>").getBytes(StandardCharsets.UTF_8);
            evil.createContext("/evil.html", x -> {
                x.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
                x.sendResponseHeaders(200, page.length);
                x.getResponseBody().write(page);
                x.close();
            });
            evil.start();
            int driverPort;
            try (ServerSocket free = new ServerSocket(0)) {
                driverPort = free.getLocalPort();
            }
            Path profile = Files.createTempDirectory("opsagent-chromium");
            Process chromedriver = new ProcessBuilder(driver, "--port=" + driverPort).redirectErrorStream(true)
                    .redirectOutput(profile.resolveSibling(profile.getFileName() + ".driver.log").toFile()).start();
            try {
                WebDriver browser = new WebDriver("http://127.0.0.1:" + driverPort, chromium, profile);
                try {
                    // the operator logs in to the dashboard: the browser now holds Basic credentials for the agent
                    browser.open("http://operator:" + jvm.token() + "@" + agent.getHost() + ":" + agent.getPort() + "/");
                    long before = gcRuns(jvm);
                    // then visits another site, in the same browser
                    browser.open("http://localhost:" + evil.getAddress().getPort() + "/evil.html");
                    TargetJvm.sleep(4000);
                    List<String> audit = Files.readAllLines(jvm.dir().resolve("data").resolve("audit.log")).stream()
                            .filter(l -> l.contains("/commands/gc")).collect(Collectors.toList());
                    System.out.println("CROSS-ORIGIN audit lines: " + audit);
                    assertFalse(audit.isEmpty(), "the attempts reached the agent and were audited");
                    assertTrue(audit.stream().noneMatch(l -> l.contains("\"status\":200")), "a cross-site request ran: " + audit);
                    assertTrue(audit.stream().allMatch(l -> l.contains("\"status\":403") && l.contains("refused as cross-site")
                            || l.contains("\"status\":401")), "every attempt is refused in the audit log: " + audit);
                    assertEquals(before, gcRuns(jvm), "no GC was run by the page");
                } finally {
                    browser.quit();
                }
            } finally {
                chromedriver.destroy();
                evil.stop(0);
            }
        }
    }

    /** GC commands the agent ran so far, from its own audit of /commands/gc through a Bearer client. */
    private static long gcRuns(TargetJvm jvm) throws Exception {
        Path log = jvm.dir().resolve("data").resolve("audit.log");
        if (!Files.exists(log)) {
            return 0;
        }
        return Files.readAllLines(log).stream().filter(l -> l.contains("POST /commands/gc") && l.contains("\"status\":200")).count();
    }

    /** The few W3C WebDriver calls the test needs, over plain HTTP to chromedriver. */
    static final class WebDriver {
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        private final String base;
        private final String session;

        WebDriver(String driverUrl, String chromium, Path profile) throws Exception {
            String session1 = null;
            long end = System.currentTimeMillis() + 20_000;
            String caps = "{\"capabilities\":{\"alwaysMatch\":{\"browserName\":\"chrome\",\"goog:chromeOptions\":{\"binary\":\"" + chromium
                    + "\",\"args\":[\"--headless=new\",\"--no-sandbox\",\"--disable-gpu\",\"--disable-dev-shm-usage\",\"--user-data-dir="
                    + profile + "\"]}}}}";
            Exception last = null;
            while (session1 == null && System.currentTimeMillis() < end) {
                try {
                    JsonObject r = call("POST", driverUrl + "/session", caps);
                    session1 = r.getAsJsonObject("value").get("sessionId").getAsString();
                } catch (java.net.ConnectException e) {
                    last = e;
                    TargetJvm.sleep(300);
                }
            }
            if (session1 == null) {
                throw new IllegalStateException("chromedriver did not start", last);
            }
            this.base = driverUrl + "/session/" + session1;
            this.session = session1;
        }

        void open(String url) throws Exception {
            call("POST", base + "/url", "{\"url\":\"" + url + "\"}");
        }

        void quit() {
            try {
                call("DELETE", base, null);
            } catch (Exception e) {
                System.out.println("closing the browser session " + session + ": " + e);
            }
        }

        private JsonObject call(String method, String url, String body) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json");
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("WebDriver " + method + " " + url + " answered " + r.statusCode() + ": " + r.body());
            }
            return JsonParser.parseString(r.body()).getAsJsonObject();
        }
    }
}
