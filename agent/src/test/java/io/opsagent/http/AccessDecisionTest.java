package io.opsagent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opsagent.http.AccessDecision.Access;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The access decision as a table: role × route × settings → outcome, with no server and no JVM attached. */
class AccessDecisionTest {
    private static Route route(String kind) {
        switch (kind) {
            case "health": return Route.get("/health/live", Role.MONITOR, "health", r -> null);
            case "info": return Route.get("/info", Role.MONITOR, "info", r -> null);
            case "dashboard": return Route.get("/", Role.MONITOR, "dashboard", r -> null);
            case "gc": return Route.post("/commands/gc", Role.OPERATOR, "commands", r -> null);
            case "dumps": return Route.get("/heapdumps/{id}", Role.OPERATOR, "heapdumps", r -> null);
            case "dump": return Route.get("/heapdumps/{id}", Role.OPERATOR, null, r -> null).needsDump();
            case "list": return Route.get("/heapdumps", Role.MONITOR, "heapdumps", r -> null);
            case "none": return null;
            default: throw new IllegalArgumentException(kind);
        }
    }

    @ParameterizedTest(name = "{0} {1} {2} exists={3} stealth={4} public={5} -> {6}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        // a token that is not valid
        "-        | GET  | info      | true  | false | health       | UNAUTHORIZED",
        "-        | GET  | info      | true  | true  | health       | NOT_FOUND",
        // no such path, or a path under other methods
        "OPERATOR | GET  | none      | false | false | health       | NOT_FOUND",
        "OPERATOR | PUT  | none      | true  | false | health       | METHOD_NOT_ALLOWED",
        "OPERATOR | PUT  | none      | true  | true  | health       | METHOD_NOT_ALLOWED",
        "PUBLIC   | PUT  | none      | true  | false | health       | METHOD_NOT_ALLOWED",
        "PUBLIC   | PUT  | none      | true  | true  | health       | NOT_FOUND",
        // public groups open monitor routes only
        "PUBLIC   | GET  | health    | true  | false | health       | ALLOW",
        "PUBLIC   | GET  | info      | true  | false | health       | UNAUTHORIZED",
        "PUBLIC   | GET  | info      | true  | false | health;info  | ALLOW",
        "PUBLIC   | POST | gc        | true  | false | commands     | UNAUTHORIZED",
        "PUBLIC   | GET  | dumps     | true  | false | heapdumps    | UNAUTHORIZED",
        "PUBLIC   | POST | gc        | true  | true  | commands     | NOT_FOUND",
        "PUBLIC   | GET  | health    | true  | false | none         | UNAUTHORIZED",
        // the dashboard page offers Basic so that a browser asks for the token
        "PUBLIC   | GET  | dashboard | true  | false | health       | BASIC_CHALLENGE",
        "PUBLIC   | GET  | dashboard | true  | true  | health       | NOT_FOUND",
        "PUBLIC   | GET  | dashboard | true  | false | dashboard    | ALLOW",
        // roles
        "MONITOR  | GET  | info      | true  | false | none         | ALLOW",
        "MONITOR  | POST | gc        | true  | false | none         | FORBIDDEN",
        "MONITOR  | POST | gc        | true  | true  | none         | NOT_FOUND",
        "MONITOR  | GET  | dumps     | true  | false | heapdumps    | FORBIDDEN",
        "OPERATOR | POST | gc        | true  | false | none         | ALLOW",
        "OPERATOR | GET  | dumps     | true  | true  | none         | ALLOW",
        // HEAD would run an operator action
        "OPERATOR | HEAD | dumps     | true  | false | none         | HEAD_ON_OPERATOR",
        "PUBLIC   | HEAD | dumps     | true  | true  | none         | HEAD_ON_OPERATOR",
        "PUBLIC   | HEAD | health    | true  | false | health       | ALLOW",
    })
    void decides(String role, String method, String route, boolean exists, boolean stealth, String publicGroups, Access expected) {
        List<String> groups = Arrays.asList(publicGroups.split(";"));
        assertEquals(expected, AccessDecision.decide(role == null ? null : Role.valueOf(role), true, method, route(route), exists, stealth, groups));
    }

    /** The dump permission: role × permission × stealth on a dump route and on the routes around it. */
    @ParameterizedTest(name = "{0} dump={1} {2} {3} stealth={4} -> {5}")
    @CsvSource(delimiter = '|', value = {
        "OPERATOR | true  | GET  | dump  | false | ALLOW",
        "OPERATOR | false | GET  | dump  | false | FORBIDDEN_DUMP",
        "OPERATOR | false | GET  | dump  | true  | NOT_FOUND",
        "OPERATOR | false | POST | gc    | false | ALLOW",
        "OPERATOR | false | GET  | list  | false | ALLOW",
        "OPERATOR | false | HEAD | dump  | false | HEAD_ON_OPERATOR",
        "MONITOR  | false | GET  | dump  | false | FORBIDDEN",
        "MONITOR  | true  | GET  | dump  | false | FORBIDDEN",
        "MONITOR  | false | GET  | list  | false | ALLOW",
        "PUBLIC   | false | GET  | dump  | false | UNAUTHORIZED",
        "PUBLIC   | false | GET  | dump  | true  | NOT_FOUND",
    })
    void dumpPermission(String role, boolean mayDump, String method, String route, boolean stealth, Access expected) {
        assertEquals(expected, AccessDecision.decide(Role.valueOf(role), mayDump, method, route(route), true, stealth, Arrays.asList("heapdumps")));
    }

    @org.junit.jupiter.api.Test
    void aDumpRouteIsOperatorOnlyWhateverItWasDeclaredWith() {
        Route r = Route.get("/x", Role.MONITOR, "info", q -> null).needsDump();
        assertEquals(Role.OPERATOR, r.role());
        assertEquals(Access.UNAUTHORIZED, AccessDecision.decide(Role.PUBLIC, false, "GET", r, true, false, Arrays.asList("info")));
    }
}
