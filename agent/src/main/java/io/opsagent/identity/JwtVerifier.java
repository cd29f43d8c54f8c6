package io.opsagent.identity;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Checks a compact JWS the way an identity provider's tokens are meant to be checked: RS256 or ES256
 * only (so never {@code none}, and never HS256, which would let a public key serve as an HMAC secret),
 * a known {@code kid} whose key type fits the algorithm, the signature by the JDK's own
 * {@link Signature}, then {@code iss}, {@code aud}, {@code exp} (required) and {@code nbf} with a small
 * clock skew. Pure apart from the clock it is given.
 */
public final class JwtVerifier {
    private final String issuer;
    private final String audience;
    private final long skewMillis;

    public JwtVerifier(String issuer, String audience, long skewMillis) {
        this.issuer = issuer;
        this.audience = audience;
        this.skewMillis = skewMillis;
    }

    /** The token's claims, or the reason it is refused. {@code keys} may be asked for one {@code kid}. */
    public JsonObject verify(String token, KeySource keys, long nowMillis) throws JwtRejected {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new JwtRejected("not a compact JWS (header.payload.signature)");
        }
        JsonObject header = json(parts[0], "header");
        String alg = text(header, "alg");
        if (!"RS256".equals(alg) && !"ES256".equals(alg)) {
            throw new JwtRejected("alg " + alg + " is not accepted; only RS256 and ES256 are");
        }
        String kid = text(header, "kid");
        if (kid == null) {
            throw new JwtRejected("the header names no kid");
        }
        PublicKey key = keys.key(kid);
        if (key == null) {
            throw new JwtRejected("unknown kid " + kid);
        }
        if (alg.equals("RS256") ? !(key instanceof RSAPublicKey) : !(key instanceof ECPublicKey)) {
            throw new JwtRejected("kid " + kid + " is not a key for " + alg);
        }
        byte[] signature = decode(parts[2], "signature");
        byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        if (!signatureHolds(alg, key, signed, signature)) {
            throw new JwtRejected("bad signature");
        }
        JsonObject claims = json(parts[1], "payload");
        if (!issuer.equals(text(claims, "iss"))) {
            throw new JwtRejected("issuer " + text(claims, "iss") + " is not " + issuer);
        }
        if (!strings(claims.get("aud")).contains(audience)) {
            throw new JwtRejected("audience " + claims.get("aud") + " does not include " + audience);
        }
        Long exp = seconds(claims, "exp");
        if (exp == null) {
            throw new JwtRejected("no exp: tokens without an expiry are not accepted");
        }
        if (nowMillis - skewMillis >= exp * 1000) {
            throw new JwtRejected("expired");
        }
        Long nbf = seconds(claims, "nbf");
        if (nbf != null && nowMillis + skewMillis < nbf * 1000) {
            throw new JwtRejected("not valid yet (nbf)");
        }
        return claims;
    }

    /** Looks a key up by kid (and may refresh its set when the kid is unknown). */
    public interface KeySource {
        PublicKey key(String kid);
    }

    /** A claim's values: a space-separated string (as {@code scope} is) or an array of strings. */
    public static List<String> strings(JsonElement e) {
        List<String> out = new ArrayList<String>();
        if (e == null || e.isJsonNull()) {
            return out;
        }
        if (e.isJsonArray()) {
            for (JsonElement v : e.getAsJsonArray()) {
                if (v.isJsonPrimitive()) {
                    out.add(v.getAsString());
                }
            }
        } else if (e.isJsonPrimitive()) {
            for (String v : e.getAsString().trim().split("\\s+")) {
                if (!v.isEmpty()) {
                    out.add(v);
                }
            }
        }
        return out;
    }

    private static boolean signatureHolds(String alg, PublicKey key, byte[] signed, byte[] signature) throws JwtRejected {
        try {
            Signature s = Signature.getInstance(alg.equals("RS256") ? "SHA256withRSA" : "SHA256withECDSA");
            s.initVerify(key);
            s.update(signed);
            return s.verify(alg.equals("RS256") ? signature : derOf(signature));
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** A JWS ES256 signature is r||s, 32 bytes each; the JDK wants an ASN.1 SEQUENCE of two INTEGERs. */
    static byte[] derOf(byte[] raw) throws JwtRejected {
        if (raw.length != 64) {
            throw new JwtRejected("bad signature: an ES256 signature is 64 bytes, this one " + raw.length);
        }
        byte[] r = integer(raw, 0);
        byte[] s = integer(raw, 32);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        out.write(r.length + s.length);
        out.write(r, 0, r.length);
        out.write(s, 0, s.length);
        return out.toByteArray();
    }

    private static byte[] integer(byte[] raw, int off) {
        int start = off;
        while (start < off + 31 && raw[start] == 0) {
            start++; // minimal encoding: no leading zero bytes...
        }
        boolean pad = (raw[start] & 0x80) != 0; // ...but one where the top bit would read as negative
        int len = off + 32 - start + (pad ? 1 : 0);
        byte[] out = new byte[2 + len];
        out[0] = 0x02;
        out[1] = (byte) len;
        System.arraycopy(raw, start, out, 2 + (pad ? 1 : 0), off + 32 - start);
        return out;
    }

    private static JsonObject json(String part, String what) throws JwtRejected {
        try {
            JsonElement e = JsonParser.parseString(new String(decode(part, what), StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw new JwtRejected("the " + what + " is not a JSON object");
            }
            return e.getAsJsonObject();
        } catch (RuntimeException e) {
            throw new JwtRejected("the " + what + " is not JSON");
        }
    }

    private static byte[] decode(String part, String what) throws JwtRejected {
        try {
            return Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw new JwtRejected("the " + what + " is not base64url");
        }
    }

    private static String text(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    private static Long seconds(JsonObject o, String name) throws JwtRejected {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        try {
            return e.getAsJsonPrimitive().getAsBigDecimal().longValue();
        } catch (RuntimeException bad) {
            throw new JwtRejected(name + " is not a number of seconds");
        }
    }
}
