package io.opsagent.http;

import java.util.Locale;

/**
 * Cross-site request forgery guard for browser sessions. Browsers attach Basic credentials to any
 * request to the agent's origin, including a form post or a no-cors fetch from another site, so a
 * state-changing request (anything but GET and HEAD) authenticated by Basic must also carry
 * {@link #HEADER} (any non-empty value): another site cannot set a custom header without a CORS
 * preflight, and the agent never answers preflights. When the browser sends {@code Origin}, it must be
 * the agent's own origin. Bearer tokens are not attached by browsers on their own and pass unchanged.
 */
public final class CsrfRule {
    /** The header the dashboard sends with every state-changing request. */
    public static final String HEADER = "X-OpsAgent-CSRF";

    private CsrfRule() {
    }

    /**
     * Null when the request may go on, else why it is refused as cross-site.
     *
     * @param authorization the Authorization header or null
     * @param csrf the {@link #HEADER} header or null
     * @param origin the Origin header or null
     * @param host the Host header or null
     * @param scheme "http" or "https", as the agent serves
     */
    static String refusal(String method, String authorization, String csrf, String origin, String host, String scheme) {
        return refusal(method, isBasic(authorization), csrf, origin, host, scheme);
    }

    /**
     * As above, for a request whose credentials the browser attaches by itself ({@code ambient}): Basic, or a
     * TLS client certificate on a request without an Authorization header.
     */
    static String refusal(String method, boolean ambient, String csrf, String origin, String host, String scheme) {
        if (method.equals("GET") || method.equals("HEAD") || !ambient) {
            return null;
        }
        if (csrf == null || csrf.trim().isEmpty()) {
            return "a " + method + " with browser credentials (Basic or a client certificate) has no " + HEADER + " header";
        }
        if (origin != null && (host == null || !origin.trim().equalsIgnoreCase(scheme + "://" + host.trim()))) {
            return "the request comes from origin " + origin + ", not from the agent's own origin";
        }
        return null;
    }

    static HttpError refused(String why) {
        return new HttpError(403, "refused as cross-site: " + why,
                "send the header '" + HEADER + ": 1' from the dashboard's own page, or use 'Authorization: Bearer <token>' from scripts");
    }

    static boolean isBasic(String authorization) {
        return authorization != null && authorization.trim().toLowerCase(Locale.ROOT).startsWith("basic ");
    }
}
