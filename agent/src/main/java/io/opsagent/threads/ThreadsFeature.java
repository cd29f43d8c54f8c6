package io.opsagent.threads;

import io.opsagent.core.AgentContext;
import io.opsagent.core.Feature;
import io.opsagent.http.HttpError;
import io.opsagent.http.Reply;
import io.opsagent.http.Request;
import io.opsagent.http.Role;
import io.opsagent.http.Route;

/** {@code GET /threads}: jstack text by default, JSON on {@code Accept: application/json}, {@code top=N} for CPU. */
public final class ThreadsFeature implements Feature {
    private final ThreadDumps dumps = new ThreadDumps();

    /** Shared with the {@code thread-dump} command, so both see the same "previous call" for {@code top}. */
    public ThreadDumps dumps() {
        return dumps;
    }

    @Override
    public void start(AgentContext c) {
        c.scope().route(Route.get("/threads", Role.MONITOR, "threads", this::threads));
    }

    private Reply threads(Request r) {
        return dumps.answer(wantsJson(r), topParam(r.query("top")));
    }

    static boolean wantsJson(Request r) {
        String format = r.query("format");
        if (format != null) {
            if (format.equals("json")) {
                return true;
            }
            if (format.equals("jstack") || format.equals("text")) {
                return false;
            }
            throw HttpError.badRequest("format=" + format + " is not known", "use format=jstack (the default) or format=json");
        }
        String accept = r.header("accept");
        return accept != null && accept.contains("application/json");
    }

    static Integer topParam(String top) {
        if (top == null) {
            return null;
        }
        try {
            return Integer.parseInt(top.trim());
        } catch (NumberFormatException e) {
            throw HttpError.badRequest("top=" + top + " is not a number", "use top=N with N from 1 to " + ThreadDumps.MAX_TOP);
        }
    }
}
