package io.opsagent.metrics;

import java.util.Locale;

/**
 * Picks the exposition format from an {@code Accept} header, as Prometheus asks for it
 * ({@code application/openmetrics-text;version=1.0.0,...,text/plain;version=0.0.4;q=0.5,* / *;q=0.1}):
 * the acceptable format with the highest quality wins, OpenMetrics on a tie it was named in. OpenMetrics
 * versions 1.0.0 and 0.0.1 (the same text, older name) are served as 1.0.0; anything else, or no header,
 * gets the 0.0.4 text that every scraper reads.
 */
final class AcceptHeader {
    private AcceptHeader() {
    }

    static ExpositionFormat choose(String accept) {
        if (accept == null) {
            return TextFormat.INSTANCE;
        }
        double openMetrics = 0;
        double text = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            double q = 1;
            String version = null;
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].split("=", 2);
                String key = kv[0].trim().toLowerCase(Locale.ROOT);
                String value = kv.length == 2 ? kv[1].trim() : "";
                if ("q".equals(key)) {
                    q = quality(value);
                } else if ("version".equals(key)) {
                    version = value;
                }
            }
            if ("application/openmetrics-text".equals(type) && (version == null || "1.0.0".equals(version) || "0.0.1".equals(version))) {
                openMetrics = Math.max(openMetrics, q);
            } else if (("text/plain".equals(type) && (version == null || "0.0.4".equals(version))) || "text/*".equals(type) || "*/*".equals(type)) {
                text = Math.max(text, q);
            }
        }
        return openMetrics > 0 && openMetrics >= text ? OpenMetricsFormat.INSTANCE : TextFormat.INSTANCE;
    }

    private static double quality(String q) {
        try {
            double v = Double.parseDouble(q);
            return v >= 0 && v <= 1 ? v : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
