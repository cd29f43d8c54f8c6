package io.opsagent.http;

/**
 * A method and path pattern ({@code /heapdumps/{id}}), the least role that may call it, the group
 * that {@code public=} can open to callers without a token, and whether calls are audited.
 */
public final class Route {
    private final String method;
    private final String[] segments;
    private final String pattern;
    private final Role role;
    private final String group;
    private final boolean audited;
    private final boolean dump;
    private final Handler handler;

    private Route(String method, String pattern, Role role, String group, boolean audited, boolean dump, Handler handler) {
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("a route pattern starts with '/': " + pattern);
        }
        this.method = method;
        this.pattern = pattern;
        this.segments = split(pattern);
        this.role = role;
        this.group = group;
        this.audited = audited || role == Role.OPERATOR || !"GET".equals(method);
        this.dump = dump;
        this.handler = handler;
    }

    public static Route get(String pattern, Role role, String group, Handler h) {
        return new Route("GET", pattern, role, group, false, false, h);
    }

    public static Route post(String pattern, Role role, String group, Handler h) {
        return new Route("POST", pattern, role, group, true, false, h);
    }

    public static Route delete(String pattern, Role role, String group, Handler h) {
        return new Route("DELETE", pattern, role, group, true, false, h);
    }

    /** Audit reads too (operator routes and state changes are always audited). */
    public Route audited() {
        return new Route(method, pattern, role, group, true, dump, handler);
    }

    /**
     * The route hands out the heap's or the process's contents (a heap dump, a JFR recording, a profile):
     * it needs the dump permission as well as its role, and is operator-only whatever {@code role} says.
     */
    public Route needsDump() {
        return new Route(method, pattern, Role.OPERATOR, group, audited, true, handler);
    }

    static String[] split(String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return p.equals("/") ? new String[0] : p.substring(1).split("/", -1);
    }

    /** Fills path parameters into {@code params} and returns true if this route's pattern matches. */
    boolean matches(String[] path, java.util.Map<String, String> params) {
        if (path.length != segments.length) {
            return false;
        }
        for (int i = 0; i < path.length; i++) {
            String s = segments[i];
            if (s.startsWith("{") && s.endsWith("}")) {
                if (path[i].isEmpty()) {
                    return false;
                }
                params.put(s.substring(1, s.length() - 1), path[i]);
            } else if (!s.equals(path[i])) {
                return false;
            }
        }
        return true;
    }

    public String method() {
        return method;
    }

    public String pattern() {
        return pattern;
    }

    public Role role() {
        return role;
    }

    public String group() {
        return group;
    }

    public boolean isAudited() {
        return audited;
    }

    public boolean isDump() {
        return dump;
    }

    Handler handler() {
        return handler;
    }
}
