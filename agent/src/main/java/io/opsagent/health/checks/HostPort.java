package io.opsagent.health.checks;

import io.opsagent.config.ConfigException;
import java.net.InetSocketAddress;

/** {@code host:port} targets, including {@code [::1]:443}. */
final class HostPort {
    private HostPort() {
    }

    static InetSocketAddress parse(String text) {
        String t = text == null ? "" : text.trim();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("must be host:port, e.g. db.internal:5432 or [::1]:443");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535 || host.isEmpty()) {
            throw new IllegalArgumentException("must be host:port with a port from 1 to 65535");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    static void validate(CheckSpec spec) throws ConfigException {
        try {
            parse(spec.target());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(spec.fullKey("target"), "'" + spec.target() + "' " + e.getMessage());
        }
    }

    static double millisSince(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 100_000.0) / 10.0;
    }
}
