package io.opsagent.http;

import java.util.List;

/**
 * Who may call what, as a pure function: the caller's role (null for a token that is not valid) and
 * dump permission, the route the path and method found (null for none), whether the path exists under
 * another method, and the reloadable settings {@code stealth} and {@code public}. The router turns the outcome into an
 * answer; this class does no I/O and is tested as a table.
 */
final class AccessDecision {
    /** What the gate does with a request. */
    enum Access {
        ALLOW,
        /** 404: nothing here, or {@code stealth} hides what is. */
        NOT_FOUND,
        /** 401 with a Bearer challenge. */
        UNAUTHORIZED,
        /** 401 with a Basic challenge, so that a browser asks for the token (the dashboard page). */
        BASIC_CHALLENGE,
        /** 403: the role is too low. */
        FORBIDDEN,
        /** 403: an operator without the dump permission asked for a dump, recording or profile. */
        FORBIDDEN_DUMP,
        /** 405: the path exists under other methods. */
        METHOD_NOT_ALLOWED,
        /** 405: HEAD would run an operator action. */
        HEAD_ON_OPERATOR
    }

    /** The route whose 401 offers Basic: the dashboard page, which browsers open directly. */
    static final String BROWSER_PAGE = "/";

    private AccessDecision() {
    }

    static Access decide(Role role, boolean mayDump, String method, Route route, boolean pathExists, boolean stealth,
            List<String> publicGroups) {
        if (role == null) {
            return stealth ? Access.NOT_FOUND : Access.UNAUTHORIZED;
        }
        if (route == null) {
            if (!pathExists || (role == Role.PUBLIC && stealth)) {
                return Access.NOT_FOUND;
            }
            return Access.METHOD_NOT_ALLOWED;
        }
        if (method.equals("HEAD") && route.role() == Role.OPERATOR) {
            return Access.HEAD_ON_OPERATOR;
        }
        if (mayCall(role, route, publicGroups)) {
            if (route.isDump() && !mayDump) {
                return stealth ? Access.NOT_FOUND : Access.FORBIDDEN_DUMP;
            }
            return Access.ALLOW;
        }
        if (stealth) {
            return Access.NOT_FOUND;
        }
        if (role == Role.PUBLIC) {
            return route.pattern().equals(BROWSER_PAGE) ? Access.BASIC_CHALLENGE : Access.UNAUTHORIZED;
        }
        return Access.FORBIDDEN;
    }

    /** A public group opens only monitor routes: no setting may let an anonymous caller change the JVM. */
    static boolean mayCall(Role role, Route route, List<String> publicGroups) {
        return role.atLeast(route.role())
                || (route.role() == Role.MONITOR && route.group() != null && publicGroups.contains(route.group()));
    }
}
