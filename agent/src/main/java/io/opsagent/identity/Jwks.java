package io.opsagent.identity;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The public keys of a JWKS document, by {@code kid}: RSA keys (for RS256) and EC P-256 keys (for ES256).
 * Other key types, curves and keys meant for encryption ({@code "use": "enc"}) are skipped, not refused,
 * since an identity provider's set often carries them.
 */
public final class Jwks {
    private final Map<String, PublicKey> keys;

    private Jwks(Map<String, PublicKey> keys) {
        this.keys = Collections.unmodifiableMap(keys);
    }

    static Jwks empty() {
        return new Jwks(new LinkedHashMap<String, PublicKey>());
    }

    /** Throws IllegalArgumentException with a reason when the text is no JWKS at all. */
    public static Jwks parse(String json) {
        JsonElement root;
        try {
            root = JsonParser.parseString(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        if (!root.isJsonObject() || !root.getAsJsonObject().has("keys") || !root.getAsJsonObject().get("keys").isJsonArray()) {
            throw new IllegalArgumentException("a JWKS is a JSON object with a \"keys\" array");
        }
        JsonArray arr = root.getAsJsonObject().getAsJsonArray("keys");
        Map<String, PublicKey> out = new LinkedHashMap<String, PublicKey>();
        for (JsonElement e : arr) {
            if (!e.isJsonObject()) {
                continue;
            }
            JsonObject k = e.getAsJsonObject();
            String kid = text(k, "kid");
            if (kid == null || "enc".equals(text(k, "use"))) {
                continue;
            }
            try {
                PublicKey key = key(k);
                if (key != null) {
                    out.put(kid, key);
                }
            } catch (GeneralSecurityException | IllegalArgumentException bad) {
                // one malformed key must not take the others with it
            }
        }
        return new Jwks(out);
    }

    public PublicKey get(String kid) {
        return keys.get(kid);
    }

    public int size() {
        return keys.size();
    }

    private static PublicKey key(JsonObject k) throws GeneralSecurityException {
        String kty = text(k, "kty");
        if ("RSA".equals(kty)) {
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(unsigned(k, "n"), unsigned(k, "e")));
        }
        if ("EC".equals(kty) && "P-256".equals(text(k, "crv"))) {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec("secp256r1"));
            ECParameterSpec spec = p.getParameterSpec(ECParameterSpec.class);
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(unsigned(k, "x"), unsigned(k, "y")), spec));
        }
        return null;
    }

    private static BigInteger unsigned(JsonObject k, String name) {
        String v = text(k, name);
        if (v == null) {
            throw new IllegalArgumentException("no " + name);
        }
        return new BigInteger(1, Base64.getUrlDecoder().decode(v));
    }

    private static String text(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }
}
