package io.opsagent.upload;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for header-signed requests, written from the specification and checked
 * against AWS's published test vectors (SigV4Test). Small on purpose: no SDK goes into the agent.
 */
public final class SigV4 {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private SigV4() {
    }

    /** The signed headers ({@code host}, {@code x-amz-*}, ...) and the signature of one request. */
    static final class Signed {
        final String canonicalRequest;
        final String stringToSign;
        final String authorization;

        Signed(String canonicalRequest, String stringToSign, String authorization) {
            this.canonicalRequest = canonicalRequest;
            this.stringToSign = stringToSign;
            this.authorization = authorization;
        }
    }

    /**
     * Signs a request. {@code path} is the raw (unencoded) object path; {@code query} holds raw names
     * and values; {@code headers} are the headers to sign (names in any case, {@code host} included).
     */
    static Signed sign(String method, String path, Map<String, String> query, Map<String, String> headers, String payloadHash,
            AwsCredentials creds, String region, String service, String amzDate) {
        SortedMap<String, String> h = new TreeMap<String, String>();
        for (Map.Entry<String, String> e : headers.entrySet()) {
            h.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().trim().replaceAll(" +", " "));
        }
        StringBuilder canonicalHeaders = new StringBuilder();
        StringBuilder signedHeaders = new StringBuilder();
        for (Map.Entry<String, String> e : h.entrySet()) {
            canonicalHeaders.append(e.getKey()).append(':').append(e.getValue()).append('\n');
            signedHeaders.append(signedHeaders.length() == 0 ? "" : ";").append(e.getKey());
        }
        String creq = method + "\n" + encode(path, false) + "\n" + canonicalQuery(query) + "\n" + canonicalHeaders + "\n"
                + signedHeaders + "\n" + payloadHash;
        String date = amzDate.substring(0, 8);
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String sts = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + hex(sha256(creq.getBytes(StandardCharsets.UTF_8)));
        byte[] key = signingKey(creds.secretKey(), date, region, service);
        String signature = hex(hmac(key, sts));
        String auth = ALGORITHM + " Credential=" + creds.accessKey() + "/" + scope + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature;
        return new Signed(creq, sts, auth);
    }

    static String canonicalQuery(Map<String, String> query) {
        SortedMap<String, String> q = new TreeMap<String, String>();
        for (Map.Entry<String, String> e : query.entrySet()) {
            q.put(encode(e.getKey(), true), encode(e.getValue(), true));
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : q.entrySet()) {
            sb.append(sb.length() == 0 ? "" : "&").append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }

    static byte[] signingKey(String secret, String date, String region, String service) {
        byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        k = hmac(k, region);
        k = hmac(k, service);
        return hmac(k, "aws4_request");
    }

    /** RFC 3986 percent-encoding as SigV4 wants it: unreserved characters stay, '/' stays in paths. */
    static String encode(String s, boolean slashToo) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~'
                    || (c == '/' && !slashToo)) {
                sb.append(c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }

    static byte[] sha256(byte[] data) {
        return digest("SHA-256").digest(data);
    }

    static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has " + algorithm, e);
        }
    }

    static String hex(byte[] bytes) {
        return io.opsagent.util.RandomHex.hex(bytes);
    }
}
