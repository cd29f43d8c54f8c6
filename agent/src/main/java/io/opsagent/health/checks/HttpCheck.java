package io.opsagent.health.checks;

import io.opsagent.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.Locale;

/**
 * A GET of {@code target}: the status must be in {@code expect.status} (default 200-399, e.g.
 * {@code 200,204} or {@code 2xx}), the body must contain {@code expect.body} when set; the
 * response time is judged against the thresholds.
 */
final class HttpCheck implements Check {
    /** Enough to find a marker in a status page; a bigger body is not read further. */
    private static final int MAX_BODY = 64 * 1024;
    private static final String DEFAULT_STATUS = "200-399";

    @Override
    public Observation measure(CheckSpec spec, int timeoutMillis) throws Exception {
        String expectBody = spec.get("expect.body");
        long start = System.nanoTime();
        HttpURLConnection c = (HttpURLConnection) new URL(spec.target()).openConnection();
        try {
            c.setConnectTimeout(timeoutMillis);
            c.setReadTimeout(timeoutMillis);
            c.setUseCaches(false);
            c.setRequestProperty("User-Agent", "opsagent-health");
            int status = c.getResponseCode();
            String body = expectBody == null ? "" : read(status >= 400 ? c.getErrorStream() : c.getInputStream());
            double ms = HostPort.millisSince(start);
            if (!statusAllowed(spec.get("expect.status", DEFAULT_STATUS), status)) {
                return Observation.failed(ms, "HTTP " + status + " from " + spec.target() + ", expected "
                        + spec.get("expect.status", DEFAULT_STATUS));
            }
            if (expectBody != null && !body.contains(expectBody)) {
                return Observation.failed(ms, "HTTP " + status + " but the body does not contain '" + expectBody + "'");
            }
            return Observation.of(ms, "HTTP " + status + " in " + ms + " ms");
        } finally {
            c.disconnect();
        }
    }

    private static String read(InputStream in) throws IOException {
        return io.opsagent.util.BoundedText.read(in, MAX_BODY);
    }

    static boolean statusAllowed(String rule, int status) {
        for (String part : rule.split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.matches("[1-5]xx")) {
                if (status / 100 == p.charAt(0) - '0') {
                    return true;
                }
            } else if (p.contains("-")) {
                String[] r = p.split("-", 2);
                if (status >= Integer.parseInt(r[0].trim()) && status <= Integer.parseInt(r[1].trim())) {
                    return true;
                }
            } else if (Integer.parseInt(p) == status) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void validate(CheckSpec spec) throws ConfigException {
        String t = spec.target().toLowerCase(Locale.ROOT);
        if (!t.startsWith("http://") && !t.startsWith("https://")) {
            throw new ConfigException(spec.fullKey("target"), "'" + spec.target() + "' must be an http:// or https:// URL");
        }
        try {
            new URL(spec.target());
        } catch (IOException e) {
            throw new ConfigException(spec.fullKey("target"), "'" + spec.target() + "' is not a URL: " + e.getMessage());
        }
        String rule = spec.get("expect.status", DEFAULT_STATUS);
        if (!rule.matches("\\s*([1-5]xx|\\d{3}(\\s*-\\s*\\d{3})?)\\s*(,\\s*([1-5]xx|\\d{3}(\\s*-\\s*\\d{3})?)\\s*)*")) {
            throw new ConfigException(spec.fullKey("expect.status"), "'" + rule + "' must list codes, ranges or classes such as 200,204 or 200-399 or 2xx");
        }
    }
}
