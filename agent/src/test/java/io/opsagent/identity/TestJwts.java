package io.opsagent.identity;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Keys made in the test, their JWKS entries, and compact JWS signed with them (as an identity provider would). */
public final class TestJwts {
    public final KeyPair rsa;
    public final KeyPair ec;

    public TestJwts() throws Exception {
        KeyPairGenerator r = KeyPairGenerator.getInstance("RSA");
        r.initialize(2048);
        rsa = r.generateKeyPair();
        KeyPairGenerator e = KeyPairGenerator.getInstance("EC");
        e.initialize(new ECGenParameterSpec("secp256r1"));
        ec = e.generateKeyPair();
    }

    public String jwks(String rsaKid, String ecKid) {
        RSAPublicKey r = (RSAPublicKey) rsa.getPublic();
        ECPublicKey e = (ECPublicKey) ec.getPublic();
        return "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"" + rsaKid + "\",\"use\":\"sig\",\"n\":\"" + b64(unsigned(r.getModulus(), 0))
                + "\",\"e\":\"" + b64(unsigned(r.getPublicExponent(), 0)) + "\"},"
                + "{\"kty\":\"EC\",\"kid\":\"" + ecKid + "\",\"crv\":\"P-256\",\"x\":\"" + b64(unsigned(e.getW().getAffineX(), 32))
                + "\",\"y\":\"" + b64(unsigned(e.getW().getAffineY(), 32)) + "\"}]}";
    }

    public String rs256(String kid, String payload) throws Exception {
        return sign("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}", payload, "SHA256withRSA", rsa.getPrivate());
    }

    public String es256(String kid, String payload) throws Exception {
        String input = b64(header("ES256", kid)) + "." + b64(payload.getBytes(StandardCharsets.UTF_8));
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(ec.getPrivate());
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64(rawOf(s.sign()));
    }

    /** HS256 with the RSA public key's encoding as the HMAC secret: the classic algorithm-confusion forgery. */
    public String hs256WithPublicKey(String kid, String payload) throws Exception {
        String input = b64(header("HS256", kid)) + "." + b64(payload.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(rsa.getPublic().getEncoded(), "HmacSHA256"));
        return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }

    public static String none(String payload) {
        return b64("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + b64(payload.getBytes(StandardCharsets.UTF_8)) + ".";
    }

    public static String claims(String iss, String aud, long exp, String scope) {
        return "{\"iss\":\"" + iss + "\",\"aud\":\"" + aud + "\",\"sub\":\"alice\",\"exp\":" + exp + ",\"scope\":\"" + scope + "\"}";
    }

    private static byte[] header(String alg, String kid) {
        return ("{\"alg\":\"" + alg + "\",\"kid\":\"" + kid + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static String sign(String header, String payload, String alg, PrivateKey key) throws Exception {
        String input = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(payload.getBytes(StandardCharsets.UTF_8));
        Signature s = Signature.getInstance(alg);
        s.initSign(key);
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64(s.sign());
    }

    /** DER SEQUENCE { INTEGER r, INTEGER s } to the 64 raw bytes a JWS carries. */
    private static byte[] rawOf(byte[] der) {
        int i = 2;
        int rLen = der[i + 1];
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(der, i + 2, i + 2 + rLen));
        i += 2 + rLen;
        int sLen = der[i + 1];
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(der, i + 2, i + 2 + sLen));
        byte[] out = new byte[64];
        System.arraycopy(unsigned(r, 32), 0, out, 0, 32);
        System.arraycopy(unsigned(s, 32), 0, out, 32, 32);
        return out;
    }

    private static byte[] unsigned(BigInteger v, int size) {
        byte[] b = v.toByteArray();
        if (b.length > 1 && b[0] == 0) {
            b = Arrays.copyOfRange(b, 1, b.length);
        }
        if (size == 0 || b.length == size) {
            return b;
        }
        byte[] out = new byte[size];
        System.arraycopy(b, 0, out, size - b.length, b.length);
        return out;
    }

    public static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
