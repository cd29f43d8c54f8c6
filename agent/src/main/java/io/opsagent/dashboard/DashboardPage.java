package io.opsagent.dashboard;

import io.opsagent.http.Reply;
import io.opsagent.util.RandomHex;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The page and the headers that lock it down. Its one script and one style block carry a nonce that is new
 * for every answer, and the Content-Security-Policy allows nothing else: no inline handlers or style
 * attributes, no other origin, no plugins, no framing, no base or form targets. An injected script tag
 * would lack the nonce and not run.
 */
final class DashboardPage {
    static final String RESOURCE = "dashboard.html";
    static final String NONCE_MARK = "{{nonce}}";

    private final String template;

    DashboardPage(String template) {
        if (!template.contains(NONCE_MARK)) {
            throw new IllegalArgumentException(RESOURCE + " has no " + NONCE_MARK + " mark: its script could not run under the policy");
        }
        this.template = template;
    }

    static DashboardPage load() throws IOException {
        try (InputStream in = DashboardPage.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(RESOURCE + " is missing from the agent jar");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
            return new DashboardPage(new String(out.toByteArray(), StandardCharsets.UTF_8));
        }
    }

    Reply reply() {
        String nonce = RandomHex.of(16);
        return Reply.bytes(200, Reply.HTML, template.replace(NONCE_MARK, nonce).getBytes(StandardCharsets.UTF_8))
                .header("Content-Security-Policy", policy(nonce))
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "no-referrer")
                .header("Cross-Origin-Opener-Policy", "same-origin")
                .header("Cross-Origin-Resource-Policy", "same-origin");
    }

    static String policy(String nonce) {
        return "default-src 'none'; script-src 'nonce-" + nonce + "'; style-src 'nonce-" + nonce + "'; connect-src 'self'; "
                + "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }
}
