package io.opsagent.http;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.opsagent.config.AgentConfig;
import io.opsagent.config.ConfigException;
import io.opsagent.config.Keys;
import io.opsagent.identity.JwksFile;
import io.opsagent.identity.JwksUrl;
import io.opsagent.identity.JwtRejected;
import io.opsagent.identity.JwtVerifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.List;

/** The {@code auth.jwt.*} settings: which JWTs are valid, and which claim values grant which role. */
final class JwtRules {
    private final JwtVerifier verifier;
    private final JwtVerifier.KeySource keys;
    private final String claim;
    private final List<String> monitor;
    private final List<String> operator;
    private final List<String> dump;

    private JwtRules(AgentConfig c, JwtVerifier.KeySource keys) {
        this.verifier = new JwtVerifier(c.get(Keys.AUTH_JWT_ISSUER), c.get(Keys.AUTH_JWT_AUDIENCE), c.get(Keys.AUTH_JWT_CLOCK_SKEW));
        this.keys = keys;
        this.claim = c.get(Keys.AUTH_JWT_ROLES_CLAIM);
        this.monitor = orEmpty(c.get(Keys.AUTH_JWT_ROLES_MONITOR));
        this.operator = orEmpty(c.get(Keys.AUTH_JWT_ROLES_OPERATOR));
        this.dump = orEmpty(c.get(Keys.AUTH_JWT_ROLES_DUMP));
    }

    /** Null when {@code auth.jwt.jwks} is not set: JWTs are off. */
    static JwtRules of(AgentConfig c) throws ConfigException {
        String jwks = c.get(Keys.AUTH_JWT_JWKS);
        if (jwks == null) {
            return null;
        }
        for (io.opsagent.config.Key<String> k : java.util.Arrays.asList(Keys.AUTH_JWT_ISSUER, Keys.AUTH_JWT_AUDIENCE)) {
            if (c.get(k) == null) {
                throw new ConfigException(k.name(), "must be set with auth.jwt.jwks: a token from any issuer or for any audience"
                        + " would otherwise be accepted; set it to your identity provider's value");
            }
        }
        return new JwtRules(c, keySource(jwks, c.get(Keys.AUTH_JWT_JWKS_REFRESH)));
    }

    private static JwtVerifier.KeySource keySource(String jwks, long refreshMillis) throws ConfigException {
        String name = Keys.AUTH_JWT_JWKS.name();
        if (jwks.regionMatches(true, 0, "https://", 0, 8)) {
            try {
                return new JwksUrl(name, new URL(jwks), refreshMillis);
            } catch (MalformedURLException e) {
                throw new ConfigException(name, "'" + jwks + "' is not a URL: " + e.getMessage());
            }
        }
        if (jwks.contains("://")) {
            throw new ConfigException(name, "'" + jwks + "': a JWKS URL must be https://, so that nobody on the way can swap the keys");
        }
        return new JwksFile(name, Paths.get(jwks));
    }

    static boolean looksLikeJwt(String token) {
        int first = token.indexOf('.');
        return first > 0 && token.indexOf('.', first + 1) > first && token.indexOf('.', token.indexOf('.', first + 1) + 1) < 0;
    }

    Identity identify(String token, boolean dumpRequiresPermission) {
        JsonObject claims;
        try {
            claims = verifier.verify(token, keys, System.currentTimeMillis());
        } catch (JwtRejected e) {
            return Identity.refused("JWT: " + e.getMessage(), null);
        }
        JsonElement sub = claims.get("sub");
        String subject = "jwt " + (sub != null && sub.isJsonPrimitive() ? sub.getAsString() : "(no sub)");
        List<String> values = JwtVerifier.strings(claims.get(claim));
        if (!Collections.disjoint(values, dump)) {
            return new Identity(Role.OPERATOR, true, subject);
        }
        if (!Collections.disjoint(values, operator)) {
            return Authenticator.operator(subject, dumpRequiresPermission);
        }
        return new Identity(Collections.disjoint(values, monitor) ? Role.PUBLIC : Role.MONITOR, false, subject);
    }

    private static List<String> orEmpty(List<String> l) {
        return l == null ? Collections.<String>emptyList() : l;
    }
}
