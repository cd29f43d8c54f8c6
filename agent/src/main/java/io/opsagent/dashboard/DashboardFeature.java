package io.opsagent.dashboard;

import io.opsagent.core.AgentContext;
import io.opsagent.core.Feature;
import io.opsagent.http.Reply;
import io.opsagent.http.Request;
import io.opsagent.http.Role;
import io.opsagent.http.Route;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code GET /}: one static page that reads the JSON endpoints with the caller's own credentials
 * (a browser sends the token as a Basic password) and draws health, the heap floor with the leak
 * trend, and the stored dumps. The page holds no data itself, so it needs no templating.
 */
public final class DashboardFeature implements Feature {
    private static final String PAGE = "dashboard.html";

    private byte[] page;

    @Override
    public void start(AgentContext c) throws IOException {
        this.page = load();
        c.scope().route(Route.get("/", Role.MONITOR, "dashboard", this::serve));
    }

    private Reply serve(Request r) {
        return Reply.bytes(200, Reply.HTML, page)
                .header("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:")
                .header("X-Frame-Options", "DENY");
    }

    private static byte[] load() throws IOException {
        try (InputStream in = DashboardFeature.class.getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IOException(PAGE + " is missing from the agent jar");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }
}
