package io.opsagent.http;

import fi.iki.elonen.NanoHTTPD;
import io.opsagent.audit.AuditLog;
import io.opsagent.config.AgentConfig;
import io.opsagent.config.Keys;
import io.opsagent.util.Log;
import java.io.FilterInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Takes every request through the same gates, in an order that reveals as little as possible:
 * path prefix, rate limit, token, route and method, role, concurrency; then the handler, and an
 * audit line for whatever is sensitive. Errors always leave in the contract's JSON form.
 */
public final class Router {
    /** How long a request waits for a free worker slot before it is told the agent is overloaded. */
    private static final long SLOT_WAIT_MILLIS = 200;
    /** NanoHTTPD reads headers into an 8 KiB buffer and silently cuts the rest; near that, refuse. */
    private static final int MAX_HEADER_BYTES = 8000;

    private final List<Route> routes = new CopyOnWriteArrayList<Route>();
    private final Authenticator auth;
    private final AuditLog audit;
    private final RateLimiter rateLimiter;
    private final Semaphore slots;
    /** Health and selftest run on slots of their own, so busy operator requests never delay a probe. */
    private final Semaphore probeSlots = new Semaphore(WorkerLanes.PROBE_THREADS);
    private volatile AgentConfig config;

    public Router(AgentConfig config, Authenticator auth, AuditLog audit) {
        this.config = config;
        this.auth = auth;
        this.audit = audit;
        this.rateLimiter = new RateLimiter(config.get(Keys.RATE_LIMIT));
        this.slots = new Semaphore(config.get(Keys.MAX_CONCURRENT));
    }

    public void add(Route route) {
        for (Route r : routes) {
            if (r.method().equals(route.method()) && r.pattern().equals(route.pattern())) {
                throw new IllegalStateException("route " + route.method() + " " + route.pattern() + " is registered twice");
            }
        }
        routes.add(route);
    }

    public void remove(Route route) {
        routes.remove(route);
    }

    /** Applies reloadable settings: stealth, public groups, rate limit. */
    public void configure(AgentConfig now) {
        this.config = now;
        rateLimiter.setRate(now.get(Keys.RATE_LIMIT));
    }

    public String prefix() {
        return config.get(Keys.PATH_PREFIX);
    }

    Reply serve(NanoHTTPD.IHTTPSession session, String client) {
        long started = System.nanoTime();
        AgentConfig c = config;
        String method = session.getMethod().name();
        String routeMethod = method.equals("HEAD") ? "GET" : method;
        String uri = session.getUri() == null ? "/" : session.getUri();
        Role role = Role.PUBLIC;
        Request request = null;
        String auditAction = method + " " + uri;
        String refusal = null;
        Semaphore slot = slots;
        boolean auditThis = false;
        Reply reply;
        boolean acquired = false;
        try {
            if (headerBytes(session) > MAX_HEADER_BYTES) {
                throw new HttpError(431, "the request headers are larger than " + MAX_HEADER_BYTES + " bytes",
                        "send fewer or shorter headers").closingConnection();
            }
            String path = belowPrefix(uri, c.get(Keys.PATH_PREFIX));
            if (path == null) {
                throw notFound();
            }
            double rate = c.get(Keys.RATE_LIMIT);
            long wait = rate > 0 ? rateLimiter.acquire(client, started) : 0;
            if (wait > 0) {
                throw new HttpError(429, "too many requests from " + client,
                        "slow down to " + c.text(Keys.RATE_LIMIT.name()) + "; retry after " + wait + " s")
                        .header("Retry-After", Long.toString(wait));
            }
            Role r = auth.roleOf(session.getHeaders().get("authorization"));
            if (r == null) {
                auditThis = true;
                throw unauthorized(c, "the token is not valid");
            }
            role = r;
            Map<String, String> params = new LinkedHashMap<String, String>();
            Route route = find(path, routeMethod, params);
            if (route == null) {
                Set<String> allowed = methodsFor(path);
                if (allowed.isEmpty()) {
                    throw notFound();
                }
                if (role == Role.PUBLIC && c.get(Keys.STEALTH)) {
                    throw notFound();
                }
                throw new HttpError(405, method + " is not allowed on " + path, "use " + String.join(" or ", allowed))
                        .header("Allow", String.join(", ", allowed));
            }
            if (method.equals("HEAD") && route.role() == Role.OPERATOR) {
                throw new HttpError(405, "HEAD is not served on operator endpoints: it would run the action", "use GET")
                        .header("Allow", "GET");
            }
            auditAction = method + " " + path;
            auditThis = route.isAudited();
            if (!mayCall(role, route, c)) {
                auditThis = true;
                if (role == Role.PUBLIC) {
                    HttpError e = unauthorized(c, "this endpoint needs a token");
                    // Browsers prompt for a password only when offered Basic: the dashboard takes the token as one.
                    throw path.equals("/") && e.status() == 401 ? e.header("WWW-Authenticate", "Basic realm=\"opsagent\", charset=\"UTF-8\"") : e;
                }
                throw HttpError.roleTooLow("the " + role.label() + " role may not call " + method + " " + path,
                                "use a token with the " + route.role().label() + " role");
            }
            refusal = CsrfRule.refusal(method, session.getHeaders().get("authorization"),
                    session.getHeaders().get(CsrfRule.HEADER.toLowerCase(java.util.Locale.ROOT)), session.getHeaders().get("origin"),
                    session.getHeaders().get("host"), c.get(Keys.TLS_KEYSTORE) != null ? "https" : "http");
            if (refusal != null) {
                auditThis = true;
                throw CsrfRule.refused(refusal);
            }
            slot = isProbePath(path) ? probeSlots : slots;
            if (!slot.tryAcquire(SLOT_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new HttpError(503, "the agent is serving " + c.get(Keys.MAX_CONCURRENT) + " requests already",
                        "retry in a moment, or raise max.concurrent").header("Retry-After", "1");
            }
            acquired = true;
            request = new Request(session, method, path, params, role, client);
            reply = route.handler().handle(request);
            if (reply == null) {
                throw new IllegalStateException("handler of " + route.pattern() + " returned no answer");
            }
        } catch (HttpError e) {
            reply = e.isRoleTooLow() && c.get(Keys.STEALTH) ? notFound().toReply() : e.toReply();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply = new HttpError(503, "the agent is shutting down", "retry once it is back").toReply();
        } catch (Exception | LinkageError e) {
            Log.warn("request " + method + " " + uri + " failed: " + e);
            reply = new HttpError(500, "internal error: " + e, "see agent.log in the data directory; this is a bug, please report it").toReply();
        }
        if (request != null ? !request.bodyConsumed() : Request.announcesBody(session)) {
            reply.closeConnection();
        }
        if (auditThis) {
            audit.record(client, role, auditAction, reply.status(),
                    refusal != null ? "refused as cross-site" : request == null ? null : request.auditDetail());
        }
        return acquired ? releasingOnClose(reply, slot) : reply;
    }

    /** Holds the worker slot until the answer has been sent (or abandoned), so a big download counts. */
    private static Reply releasingOnClose(Reply reply, final Semaphore slot) {
        final AtomicBoolean released = new AtomicBoolean();
        return reply.withBody(new FilterInputStream(reply.body()) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    if (released.compareAndSet(false, true)) {
                        slot.release();
                    }
                }
            }
        });
    }

    private static int headerBytes(NanoHTTPD.IHTTPSession session) {
        int n = session.getUri() == null ? 0 : session.getUri().length() + 16;
        String q = session.getQueryParameterString();
        n += q == null ? 0 : q.length();
        for (Map.Entry<String, String> h : session.getHeaders().entrySet()) {
            n += h.getKey().length() + h.getValue().length() + 4;
        }
        return n;
    }

    /** True for a raw request path (prefix included) that the reserved probe lane serves. */
    boolean isProbe(String rawPath) {
        String path = belowPrefix(rawPath, config.get(Keys.PATH_PREFIX));
        return path != null && isProbePath(path);
    }

    static boolean isProbePath(String path) {
        return path.equals("/health") || path.startsWith("/health/") || path.equals("/selftest");
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

    private Route find(String path, String method, Map<String, String> params) {
        String[] segs = Route.split(path);
        for (Route r : routes) {
            params.clear();
            if (r.method().equals(method) && r.matches(segs, params)) {
                return r;
            }
        }
        params.clear();
        return null;
    }

    private Set<String> methodsFor(String path) {
        String[] segs = Route.split(path);
        Set<String> out = new LinkedHashSet<String>();
        for (Route r : routes) {
            if (r.matches(segs, new LinkedHashMap<String, String>())) {
                out.add(r.method());
                if (r.method().equals("GET")) {
                    out.add("HEAD");
                }
            }
        }
        return out;
    }

    /** A public group opens only monitor routes: no setting may let an anonymous caller change the JVM. */
    private static boolean mayCall(Role role, Route route, AgentConfig c) {
        return role.atLeast(route.role())
                || (route.role() == Role.MONITOR && route.group() != null && c.get(Keys.PUBLIC).contains(route.group()));
    }

    private static HttpError notFound() {
        return HttpError.notFound("no such endpoint", "see GET /commands and the README for the endpoints");
    }

    private static HttpError unauthorized(AgentConfig c, String why) {
        if (c.get(Keys.STEALTH)) {
            return notFound();
        }
        return new HttpError(401, why, "send the header 'Authorization: Bearer <token>'; the operator token is in the token file the agent logged at start")
                .header("WWW-Authenticate", "Bearer realm=\"opsagent\"");
    }

    /** The routes, for listings such as the dashboard. */
    public List<Route> routes() {
        return new ArrayList<Route>(routes);
    }
}
