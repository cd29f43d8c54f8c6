package io.opsagent.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every acceptance and rejection rule of the verifier, with RSA and EC keys made here. */
class JwtVerifierTest {
    private static final String ISS = "https://idp.example";
    private static final String AUD = "opsagent";
    private static final long NOW = 1_800_000_000_000L;
    private static final long SKEW = 30_000;
    private static TestJwts keys;
    private static Jwks jwks;
    private final JwtVerifier verifier = new JwtVerifier(ISS, AUD, SKEW);

    @BeforeAll
    static void keys() throws Exception {
        keys = new TestJwts();
        jwks = Jwks.parse(keys.jwks("rsa-1", "ec-1"));
    }

    private static String valid() {
        return TestJwts.claims(ISS, AUD, NOW / 1000 + 300, "ops:read ops:write");
    }

    private JsonObject verify(String token) throws JwtRejected {
        return verifier.verify(token, jwks::get, NOW);
    }

    private String rejected(String token) {
        return assertThrows(JwtRejected.class, () -> verify(token)).getMessage();
    }

    @Test
    void acceptsRs256AndEs256() throws Exception {
        assertEquals("alice", verify(keys.rs256("rsa-1", valid())).get("sub").getAsString());
        assertEquals("alice", verify(keys.es256("ec-1", valid())).get("sub").getAsString());
        for (int i = 0; i < 50; i++) {
            verify(keys.es256("ec-1", valid())); // r or s with a leading zero or a high bit: the DER conversion must hold for all
        }
    }

    @Test
    void refusesAlgNoneAndHs256KeyedWithThePublicKey() throws Exception {
        assertTrue(rejected(TestJwts.none(valid())).contains("alg none"));
        assertTrue(rejected(keys.hs256WithPublicKey("rsa-1", valid())).contains("alg HS256"));
    }

    @Test
    void refusesExpiredBeyondTheSkewOnly() throws Exception {
        assertEquals("expired", rejected(keys.rs256("rsa-1", TestJwts.claims(ISS, AUD, (NOW - SKEW) / 1000 - 1, "x"))));
        verify(keys.rs256("rsa-1", TestJwts.claims(ISS, AUD, (NOW - SKEW) / 1000 + 5, "x"))); // 25 s late: within the skew
        assertTrue(rejected(keys.rs256("rsa-1", "{\"iss\":\"" + ISS + "\",\"aud\":\"" + AUD + "\"}")).contains("no exp"));
    }

    @Test
    void refusesNotYetValid() throws Exception {
        String early = "{\"iss\":\"" + ISS + "\",\"aud\":\"" + AUD + "\",\"exp\":" + (NOW / 1000 + 600) + ",\"nbf\":" + (NOW / 1000 + 120) + "}";
        assertTrue(rejected(keys.rs256("rsa-1", early)).contains("not valid yet"));
        String nearly = early.replace("\"nbf\":" + (NOW / 1000 + 120), "\"nbf\":" + (NOW / 1000 + 10));
        verify(keys.rs256("rsa-1", nearly));
    }

    @Test
    void refusesWrongIssuerAndAudienceAndAcceptsAnAudienceArray() throws Exception {
        assertTrue(rejected(keys.rs256("rsa-1", TestJwts.claims("https://evil.example", AUD, NOW / 1000 + 300, "x"))).contains("issuer"));
        assertTrue(rejected(keys.rs256("rsa-1", TestJwts.claims(ISS, "someone-else", NOW / 1000 + 300, "x"))).contains("audience"));
        String array = valid().replace("\"aud\":\"" + AUD + "\"", "\"aud\":[\"other\",\"" + AUD + "\"]");
        verify(keys.es256("ec-1", array));
    }

    @Test
    void refusesUnknownKidAndAKeyOfTheWrongType() throws Exception {
        assertEquals("unknown kid rsa-9", rejected(keys.rs256("rsa-9", valid())));
        assertTrue(rejected(keys.rs256("ec-1", valid())).contains("not a key for RS256"));
    }

    @Test
    void refusesABadSignature() throws Exception {
        String token = keys.rs256("rsa-1", valid());
        String[] p = token.split("\\.");
        String forged = p[0] + "." + TestJwts.b64(valid().replace("alice", "mallory").getBytes(StandardCharsets.UTF_8)) + "." + p[2];
        assertEquals("bad signature", rejected(forged));
        String ec = keys.es256("ec-1", valid());
        String[] q = ec.split("\\.");
        String otherPayload = TestJwts.b64(valid().replace("alice", "mallory").getBytes(StandardCharsets.UTF_8));
        assertEquals("bad signature", rejected(q[0] + "." + otherPayload + "." + q[2]));
        assertTrue(rejected(q[0] + "." + q[1] + "." + TestJwts.b64(new byte[70])).startsWith("bad signature"));
        assertTrue(rejected("a.b").contains("compact JWS"));
    }

    @Test
    void readsClaimValuesFromAStringOrAnArray() {
        assertEquals(Arrays.asList("a", "b"), JwtVerifier.strings(com.google.gson.JsonParser.parseString("\" a  b \"")));
        assertEquals(Arrays.asList("a", "b"), JwtVerifier.strings(com.google.gson.JsonParser.parseString("[\"a\",\"b\"]")));
    }
}
