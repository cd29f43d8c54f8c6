package io.opsagent.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opsagent.http.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The page as the agent sends it: a fresh nonce on every script and style, and a policy that allows nothing else. */
class DashboardPageTest {
    private static final Pattern NONCE = Pattern.compile("'nonce-([0-9a-f]{32})'");

    @Test
    void everyAnswerHasItsOwnNonceOnEveryScriptAndStyle() throws IOException {
        DashboardPage page = DashboardPage.load();
        Reply a = page.reply();
        Reply b = page.reply();
        String nonceA = nonce(a);
        assertNotEquals(nonceA, nonce(b));
        String html = body(a);
        assertFalse(html.contains(DashboardPage.NONCE_MARK));
        Matcher tags = Pattern.compile("<(script|style)\\b[^>]*>").matcher(html);
        int n = 0;
        while (tags.find()) {
            assertEquals("<" + tags.group(1) + " nonce=\"" + nonceA + "\">", tags.group(), "every script and style block carries the nonce");
            n++;
        }
        assertEquals(2, n, "one style and one script block");
    }

    @Test
    void thePolicyIsStrictAndThePageNeedsNothingItForbids() throws IOException {
        Reply r = DashboardPage.load().reply();
        String csp = r.headers().get("Content-Security-Policy");
        for (String directive : new String[] {"default-src 'none'", "connect-src 'self'", "img-src 'self' data:", "base-uri 'none'",
                "form-action 'none'", "frame-ancestors 'none'"}) {
            assertTrue(csp.contains(directive + ";") || csp.endsWith(directive), directive + " in " + csp);
        }
        assertFalse(csp.contains("unsafe"), csp);
        assertFalse(csp.contains("*") || csp.contains("http"), "no other source: " + csp);
        assertEquals("DENY", r.headers().get("X-Frame-Options"));
        String html = body(r);
        // What the policy would silently block: inline handlers, style attributes, javascript: URLs, other origins.
        assertFalse(Pattern.compile("<[^>]+\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find(), "an inline event handler");
        assertFalse(Pattern.compile("<[^>]+\\sstyle\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find(), "a style attribute");
        assertFalse(html.contains("javascript:"));
        assertFalse(Pattern.compile("(src|href)\\s*=\\s*[\"']?(https?:)?//").matcher(html).find(), "an external asset");
        assertFalse(html.contains("setAttribute('style'") || html.contains(".innerHTML"), "styles and markup from script");
    }

    @Test
    void aTemplateWithoutTheNonceMarkIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DashboardPage("<script>alert(1)</script>"));
    }

    private static String nonce(Reply r) {
        Matcher m = NONCE.matcher(r.headers().get("Content-Security-Policy"));
        assertTrue(m.find(), r.headers().toString());
        String first = m.group(1);
        assertTrue(m.find() && m.group(1).equals(first), "script-src and style-src share the answer's nonce");
        return first;
    }

    private static String body(Reply r) throws IOException {
        InputStream in = r.body();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }
}
