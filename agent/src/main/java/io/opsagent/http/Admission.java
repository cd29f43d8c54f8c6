package io.opsagent.http;

import io.opsagent.config.AgentConfig;
import io.opsagent.config.Keys;

/**
 * The first gate, before anyone is authenticated: header size, path prefix and rate limit. (Client
 * address ranges are checked earlier still, when a connection is accepted: {@link ClientFilter}.)
 */
final class Admission {
    /** NanoHTTPD reads headers into an 8 KiB buffer; near that, refuse rather than read a cut request. */
    static final int MAX_HEADER_BYTES = 8000;

    private final RateLimiter rateLimiter;

    Admission(RateLimiter rateLimiter) {
        this.rateLimiter = rateLimiter;
    }

    /** The path below {@code path.prefix}; throws the answer when the request is not admitted. */
    String admit(IncomingRequest in, AgentConfig c, long nowNanos) {
        if (in.headerBytes() > MAX_HEADER_BYTES) {
            throw new HttpError(431, "the request headers are larger than " + MAX_HEADER_BYTES + " bytes",
                    "send fewer or shorter headers").closingConnection();
        }
        String path = belowPrefix(in.uri(), c.get(Keys.PATH_PREFIX));
        if (path == null) {
            throw Router.notFound();
        }
        double rate = c.get(Keys.RATE_LIMIT);
        long wait = rate > 0 ? rateLimiter.acquire(in.client(), nowNanos) : 0;
        if (wait > 0) {
            throw new HttpError(429, "too many requests from " + in.client(),
                    "slow down to " + c.text(Keys.RATE_LIMIT.name()) + "; retry after " + wait + " s")
                    .header("Retry-After", Long.toString(wait));
        }
        return path;
    }

    static String belowPrefix(String uri, String prefix) {
        if (prefix.isEmpty()) {
            return uri.isEmpty() ? "/" : uri;
        }
        if (uri.equals(prefix)) {
            return "/";
        }
        return uri.startsWith(prefix + "/") ? uri.substring(prefix.length()) : null;
    }
}
