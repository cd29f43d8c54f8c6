package io.opsagent.http;

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
 * admission (size, prefix, rate), the access decision (token, route and method, role), the
 * cross-site rule, then dispatch (a worker slot, the handler, an audit line for whatever is
 * sensitive). Errors always leave in the contract's JSON form.
 */
public final class Router {
    /** How long a request waits for a free worker slot before it is told the agent is overloaded. */
    private static final long SLOT_WAIT_MILLIS = 200;

    private final List<Route> routes = new CopyOnWriteArrayList<Route>();
    private final Authenticator auth;
    private final AuditLog audit;
    private final RateLimiter rateLimiter;
    private final Admission admission;
    private final Semaphore slots;
    /** Health and selftest run on slots of their own, so busy operator requests never delay a probe. */
    private final Semaphore probeSlots = new Semaphore(WorkerLanes.PROBE_THREADS);
    private volatile AgentConfig config;

    public Router(AgentConfig config, Authenticator auth, AuditLog audit) {
        this.config = config;
        this.auth = auth;
        this.audit = audit;
        this.rateLimiter = new RateLimiter(config.get(Keys.RATE_LIMIT));
        this.admission = new Admission(rateLimiter);
        this.slots = new Semaphore(config.get(Keys.MAX_CONCURRENT));
    }

    public void add(Route route) {
        if (!RouteGroups.isKnown(route.group())) {
            throw new IllegalStateException("route " + route.pattern() + " names group '" + route.group() + "', which is not in RouteGroups.ALL");
        }
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

    /** True for a raw request path (prefix included) that the reserved probe lane serves. */
    boolean isProbe(String rawPath) {
        String path = Admission.belowPrefix(rawPath, config.get(Keys.PATH_PREFIX));
        return path != null && isProbePath(path);
    }

    static boolean isProbePath(String path) {
        return path.equals("/health") || path.startsWith("/health/") || path.equals("/selftest");
    }

    Reply serve(IncomingRequest in) {
        long started = System.nanoTime();
        AgentConfig c = config;
        String method = in.method();
        String client = in.client();
        Role role = Role.PUBLIC;
        String subject = null;
        String loginRefusal = null;
        Request request = null;
        String auditAction = method + " " + in.uri();
        boolean auditThis = false;
        String refusal = null;
        Semaphore slot = null;
        Reply reply;
        try {
            String path = admission.admit(in, c, started);
            Identity id = auth.identify(in.header("authorization"), in.peer());
            subject = id.subject();
            loginRefusal = id.refusal();
            Role r = id.role();
            role = r == null ? Role.PUBLIC : r;
            Map<String, String> params = new LinkedHashMap<String, String>();
            Route route = r == null ? null : find(path, method.equals("HEAD") ? "GET" : method, params);
            Set<String> allowed = route == null ? methodsFor(path) : null;
            AccessDecision.Access access = AccessDecision.decide(r, id.mayDump(), method, route, allowed != null && !allowed.isEmpty(),
                    c.get(Keys.STEALTH), c.get(Keys.PUBLIC));
            if (route != null) {
                auditAction = method + " " + path;
            }
            if (access != AccessDecision.Access.ALLOW) {
                // refused logins and refused calls of a real route are audited; unknown paths and methods are not
                auditThis = r == null || route != null && access != AccessDecision.Access.HEAD_ON_OPERATOR;
                throw refuse(access, method, path, role, route, allowed);
            }
            auditThis = route.isAudited();
            // a browser attaches Basic credentials and client certificates by itself: both are ambient
            boolean ambient = CsrfRule.isBasic(in.header("authorization")) || in.header("authorization") == null && in.peer() != null;
            refusal = CsrfRule.refusal(method, ambient, in.header(CsrfRule.HEADER.toLowerCase(java.util.Locale.ROOT)),
                    in.header("origin"), in.header("host"), c.get(Keys.TLS_KEYSTORE) != null ? "https" : "http");
            if (refusal != null) {
                auditThis = true;
                throw CsrfRule.refused(refusal);
            }
            Semaphore s = isProbePath(path) ? probeSlots : slots;
            if (!s.tryAcquire(SLOT_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new HttpError(503, "the agent is serving " + c.get(Keys.MAX_CONCURRENT) + " requests already",
                        "retry in a moment, or raise max.concurrent").header("Retry-After", "1");
            }
            slot = s;
            request = new Request(in, method, path, params, role);
            reply = route.handler().handle(request);
            if (reply == null) {
                throw new IllegalStateException("handler of " + route.pattern() + " returned no answer");
            }
        } catch (HttpError e) {
            // a handler may find the role too low for an option (LeakFeature): under stealth that is 404 too
            reply = e.isRoleTooLow() && c.get(Keys.STEALTH) ? notFound().toReply() : e.toReply();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply = new HttpError(503, "the agent is shutting down", "retry once it is back").toReply();
        } catch (Exception | LinkageError e) {
            Log.warn("request " + method + " " + in.uri() + " failed", e);
            reply = new HttpError(500, "internal error: " + e, "see agent.log in the data directory; this is a bug, please report it").toReply();
        }
        if (request != null ? !request.bodyConsumed() : in.announcesBody()) {
            reply.closeConnection();
        }
        if (auditThis) {
            audit.record(client, role, subject, auditAction, reply.status(),
                    refusal != null ? "refused as cross-site" : loginRefusal != null ? "credential refused: " + loginRefusal
                            : request == null ? null : request.auditDetail());
        }
        return slot != null ? releasingOnClose(reply, slot) : reply;
    }

    /** The answer for a request the access decision refused. */
    private static HttpError refuse(AccessDecision.Access access, String method, String path, Role role, Route route, Set<String> allowed) {
        switch (access) {
            case NOT_FOUND:
                return notFound();
            case UNAUTHORIZED:
                return unauthorized(route == null ? "the token is not valid" : "this endpoint needs a token");
            case BASIC_CHALLENGE:
                return unauthorized("this endpoint needs a token").header("WWW-Authenticate", "Basic realm=\"opsagent\", charset=\"UTF-8\"");
            case FORBIDDEN_DUMP:
                return HttpError.roleTooLow("the " + role.label() + " role may not call " + method + " " + path + " without the dump permission",
                        "use dump.token, or a certificate or identity-provider token that grants dump (docs/security.md, Identities)");
            case FORBIDDEN:
                return HttpError.roleTooLow("the " + role.label() + " role may not call " + method + " " + path,
                        "use a token with the " + route.role().label() + " role");
            case METHOD_NOT_ALLOWED:
                return new HttpError(405, method + " is not allowed on " + path, "use " + String.join(" or ", allowed))
                        .header("Allow", String.join(", ", allowed));
            case HEAD_ON_OPERATOR:
                return new HttpError(405, "HEAD is not served on operator endpoints: it would run the action", "use GET").header("Allow", "GET");
            default:
                throw new IllegalStateException("not a refusal: " + access);
        }
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

    static HttpError notFound() {
        return HttpError.notFound("no such endpoint", "see GET /commands and the README for the endpoints");
    }

    private static HttpError unauthorized(String why) {
        return new HttpError(401, why, "send the header 'Authorization: Bearer <token>'; the operator token is in the token file the agent logged at start")
                .header("WWW-Authenticate", "Bearer realm=\"opsagent\"");
    }

    /** The routes, for listings such as the dashboard. */
    public List<Route> routes() {
        return new ArrayList<Route>(routes);
    }
}
