package io.opsagent.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** A real HTTP client (the JDK's) talking to one agent, with or without a token. */
public final class AgentClient {
    private final String baseUrl;
    private final String token;
    private final HttpClient http;

    public AgentClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10));
        if (baseUrl.startsWith("https:")) {
            SSLParameters noHostCheck = new SSLParameters();
            noHostCheck.setEndpointIdentificationAlgorithm(null);
            b.sslContext(trustAll()).sslParameters(noHostCheck);
        }
        this.http = b.build();
    }

    /** The same agent, another token (null for none). */
    public AgentClient withToken(String other) {
        return new AgentClient(baseUrl, other);
    }

    public String baseUrl() {
        return baseUrl;
    }

    public HttpResult get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    public HttpResult post(String path, String jsonBody, String... headers) {
        return send("POST", path, jsonBody, headers);
    }

    public HttpResult delete(String path, String... headers) {
        return send("DELETE", path, null, headers);
    }

    /** Any method, optional body, headers as name, value, name, value... */
    public HttpResult send(String method, String path, String body, String... headers) {
        try {
            HttpResponse<byte[]> r = http.send(request(method, path, body, headers), HttpResponse.BodyHandlers.ofByteArray());
            return new HttpResult(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + baseUrl + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Streams the body to a file; returns status and headers (the body field is empty). */
    public HttpResult download(String path, Path file, String... headers) {
        try {
            HttpResponse<Path> r = http.send(request("GET", path, null, headers), HttpResponse.BodyHandlers.ofFile(file));
            return new HttpResult(r.statusCode(), r.headers().map(), new byte[0]);
        } catch (IOException e) {
            throw new AssertionError("GET " + baseUrl + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private HttpRequest request(String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(120));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return b.build();
    }

    private static SSLContext trustAll() {
        return trustAll(null);
    }

    /** A TLS context that trusts any server and presents {@code keys} (null: no client certificate). */
    public static SSLContext trustAll(javax.net.ssl.KeyManager[] keys) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keys, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
