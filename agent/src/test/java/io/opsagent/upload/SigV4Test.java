package io.opsagent.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The signer against AWS's published SigV4 test vectors (src/test/resources/sigv4, SOURCE.txt says where from). */
class SigV4Test {
    private static final AwsCredentials EXAMPLE = new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null, "test");
    private static final String DATE = "20150830T123600Z";

    private static String vector(String name) throws IOException {
        try (InputStream in = SigV4Test.class.getResourceAsStream("/sigv4/" + name)) {
            byte[] all = new byte[8192];
            int n = 0;
            int r;
            while ((r = in.read(all, n, all.length - n)) > 0) {
                n += r;
            }
            return new String(all, 0, n, StandardCharsets.UTF_8);
        }
    }

    private static Map<String, String> map(String... kv) {
        Map<String, String> m = new LinkedHashMap<String, String>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static SigV4.Signed get(String path, Map<String, String> query, AwsCredentials creds, String... extraHeaders) {
        Map<String, String> h = map("Host", "example.amazonaws.com", "X-Amz-Date", DATE);
        h.putAll(map(extraHeaders));
        return SigV4.sign("GET", path, query, h, SigV4.EMPTY_SHA256, creds, "us-east-1", "service", DATE);
    }

    @Test
    void getVanillaCanonicalRequestStringToSignAndSignature() throws IOException {
        SigV4.Signed s = get("/", map(), EXAMPLE);
        assertEquals(vector("get-vanilla.creq"), s.canonicalRequest);
        assertEquals(vector("get-vanilla.sts"), s.stringToSign);
        assertEquals(vector("get-vanilla.authz"), s.authorization);
    }

    @Test
    void queryIsSortedByName() throws IOException {
        assertEquals(vector("get-vanilla-query-order-key-case.authz"), get("/", map("Param2", "value2", "Param1", "value1"), EXAMPLE).authorization);
    }

    @Test
    void unreservedCharactersAreNotEncoded() throws IOException {
        String all = "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        assertEquals(vector("get-vanilla-query-unreserved.authz"), get("/", map(all, all), EXAMPLE).authorization);
    }

    @Test
    void pathIsPercentEncodedAsUtf8() throws IOException {
        assertEquals(vector("get-utf8.authz"), get("/\u1234", map(), EXAMPLE).authorization);
        assertEquals("/a%20b/%E1%88%B4/c~d", SigV4.encode("/a b/\u1234/c~d", false));
        assertEquals("a%2Fb%3D", SigV4.encode("a/b=", true));
    }

    @Test
    void sessionTokenIsSigned() throws IOException {
        AwsCredentials withToken = new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267", "test");
        assertEquals(vector("get-vanilla-with-session-token.authz"),
                get("/", map(), withToken, "X-Amz-Security-Token", withToken.sessionToken()).authorization);
    }

    @Test
    void postWithHeadersAndSignedBody() throws IOException {
        Map<String, String> h = map("Content-Type", "application/x-www-form-urlencoded", "Host", "example.amazonaws.com",
                "Content-Length", "13", "X-Amz-Date", DATE);
        SigV4.Signed s = SigV4.sign("POST", "/", map(), h, SigV4.EMPTY_SHA256, EXAMPLE, "us-east-1", "service", DATE);
        assertEquals(vector("post-x-www-form-urlencoded.creq"), s.canonicalRequest);
        assertEquals(vector("post-x-www-form-urlencoded.sts"), s.stringToSign);

        String bodyHash = SigV4.hex(SigV4.sha256("Param1=value1".getBytes(StandardCharsets.UTF_8)));
        assertEquals("9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e", bodyHash);
        h.put("x-amz-content-sha256", bodyHash);
        assertEquals(vector("post-x-www-form-urlencoded-signed-body.authz"),
                SigV4.sign("POST", "/", map(), h, bodyHash, EXAMPLE, "us-east-1", "service", DATE).authorization);
    }

    @Test
    void signingKeyAndCredentialsNeverPrintTheSecret() {
        assertEquals(64, SigV4.hex(SigV4.signingKey("secret", "20150830", "us-east-1", "s3")).length());
        assertTrue(!EXAMPLE.toString().contains("wJalr"), EXAMPLE.toString());
    }
}
