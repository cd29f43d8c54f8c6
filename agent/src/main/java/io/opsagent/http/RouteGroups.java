package io.opsagent.http;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The route groups that {@code public=} can open to callers without a token, defined once beside the
 * routes: the config parser validates against this list, and {@link Router#add} refuses a route whose
 * group is not on it, so a feature cannot introduce a group the configuration does not know.
 */
public final class RouteGroups {
    /** Every group a route may name; opening one opens only its monitor routes, never an operator route. */
    public static final List<String> ALL = Collections.unmodifiableList(Arrays.asList(
            "health", "selftest", "info", "memory", "gc", "metrics", "leaks", "threads", "heapdumps", "commands", "dashboard"));

    private RouteGroups() {
    }

    static boolean isKnown(String group) {
        return group == null || ALL.contains(group);
    }
}
