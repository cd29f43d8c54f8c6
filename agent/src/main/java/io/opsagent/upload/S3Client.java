package io.opsagent.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The five S3 calls a multipart upload needs, over {@link HttpURLConnection} and signed with
 * {@link SigV4}. Bodies are streamed with a fixed length, so the JDK never buffers a part a second time.
 */
final class S3Client {
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final int READ_TIMEOUT_MS = 120_000;
    private static final int CHUNK = 64 * 1024;

    private final S3Location where;
    private final AwsCredentials creds;
    private final RateLimiter limiter;

    S3Client(S3Location where, AwsCredentials creds, RateLimiter limiter) {
        this.where = where;
        this.creds = creds;
        this.limiter = limiter;
    }

    /** What an object's HEAD answered. */
    static final class Head {
        final long length;
        final String etag;

        Head(long length, String etag) {
            this.length = length;
            this.etag = etag;
        }
    }

    /** Starts a multipart upload; returns its id. */
    String initiate(String key, String contentType, Map<String, String> meta) throws IOException {
        Map<String, String> headers = new LinkedHashMap<String, String>();
        headers.put("Content-Type", contentType);
        for (Map.Entry<String, String> e : meta.entrySet()) {
            headers.put("x-amz-meta-" + e.getKey(), e.getValue());
        }
        String body = call("POST", key, query("uploads", ""), headers, new byte[0], 0, SigV4.EMPTY_SHA256);
        return tag(body, "UploadId");
    }

    /** Sends one part; S3 checks it against Content-MD5 and the signed sha256. Returns the part's ETag. */
    String uploadPart(String key, String uploadId, int number, byte[] data, int len, String md5Base64, String sha256Hex) throws IOException {
        Map<String, String> q = query("partNumber", Integer.toString(number));
        q.put("uploadId", uploadId);
        Map<String, String> headers = new LinkedHashMap<String, String>();
        headers.put("Content-MD5", md5Base64);
        HttpURLConnection c = open("PUT", key, q, headers, sha256Hex, len);
        try {
            try (OutputStream out = c.getOutputStream()) {
                for (int off = 0; off < len; off += CHUNK) {
                    int n = Math.min(CHUNK, len - off);
                    limiter.acquire(n);
                    out.write(data, off, n);
                }
            } catch (IOException e) {
                throw refusedOrLost(c, e);
            }
            answer(c);
            String etag = c.getHeaderField("ETag");
            if (etag == null) {
                throw new S3Exception(c.getResponseCode(), "NoETag", "the server answered part " + number + " without an ETag");
            }
            return etag;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("upload stopped");
        } finally {
            c.disconnect();
        }
    }

    /** Completes the upload from its parts' ETags; returns the object's ETag as the server reports it. */
    String complete(String key, String uploadId, List<String> etags) throws IOException {
        StringBuilder xml = new StringBuilder("<CompleteMultipartUpload>");
        for (int i = 0; i < etags.size(); i++) {
            xml.append("<Part><PartNumber>").append(i + 1).append("</PartNumber><ETag>").append(etags.get(i)).append("</ETag></Part>");
        }
        xml.append("</CompleteMultipartUpload>");
        byte[] body = xml.toString().getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<String, String>();
        headers.put("Content-Type", "application/xml");
        String answer = call("POST", key, query("uploadId", uploadId), headers, body, body.length, SigV4.hex(SigV4.sha256(body)));
        // S3 may answer 200 and still report an error in the body
        if (answer.contains("<Error>")) {
            throw new S3Exception(200, tag(answer, "Code"), tag(answer, "Code") + ": " + tag(answer, "Message"));
        }
        return tag(answer, "ETag");
    }

    /** Aborts an upload so its parts are not kept (and billed); an upload the server no longer knows counts as aborted. */
    void abort(String key, String uploadId) throws IOException {
        try {
            call("DELETE", key, query("uploadId", uploadId), new LinkedHashMap<String, String>(), new byte[0], 0, SigV4.EMPTY_SHA256);
        } catch (S3Exception e) {
            if (e.status != 404) {
                throw e;
            }
        }
    }

    Head head(String key) throws IOException {
        HttpURLConnection c = open("HEAD", key, new LinkedHashMap<String, String>(), new LinkedHashMap<String, String>(), SigV4.EMPTY_SHA256, -1);
        try {
            answer(c);
            return new Head(c.getHeaderFieldLong("Content-Length", -1), c.getHeaderField("ETag"));
        } finally {
            c.disconnect();
        }
    }

    /** A time-limited GET URL for the object (query-signed, UNSIGNED-PAYLOAD), for a redirect to a dump no longer on disk. */
    String presignedGet(String key, int expiresSeconds) throws IOException {
        String amzDate = amzDate();
        String scope = amzDate.substring(0, 8) + "/" + where.region + "/s3/aws4_request";
        Map<String, String> q = new LinkedHashMap<String, String>();
        q.put("X-Amz-Algorithm", SigV4.ALGORITHM);
        q.put("X-Amz-Credential", creds.accessKey() + "/" + scope);
        q.put("X-Amz-Date", amzDate);
        q.put("X-Amz-Expires", Integer.toString(expiresSeconds));
        q.put("X-Amz-SignedHeaders", "host");
        if (creds.sessionToken() != null) {
            q.put("X-Amz-Security-Token", creds.sessionToken());
        }
        URL unsigned = where.url(key, SigV4.canonicalQuery(q));
        Map<String, String> headers = new LinkedHashMap<String, String>();
        headers.put("host", S3Location.host(unsigned));
        SigV4.Signed s = SigV4.sign("GET", where.path(key), q, headers, "UNSIGNED-PAYLOAD", creds, where.region, "s3", amzDate);
        String signature = s.authorization.substring(s.authorization.indexOf("Signature=") + "Signature=".length());
        return unsigned + "&X-Amz-Signature=" + signature;
    }

    private String call(String method, String key, Map<String, String> q, Map<String, String> headers, byte[] body, int len, String sha)
            throws IOException {
        HttpURLConnection c = open(method, key, q, headers, sha, len);
        try {
            if (len >= 0 && c.getDoOutput()) {
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body, 0, len);
                } catch (IOException e) {
                    throw refusedOrLost(c, e);
                }
            }
            return answer(c);
        } finally {
            c.disconnect();
        }
    }

    private HttpURLConnection open(String method, String key, Map<String, String> q, Map<String, String> headers, String sha, long len)
            throws IOException {
        URL url = where.url(key, SigV4.canonicalQuery(q));
        Map<String, String> signed = new LinkedHashMap<String, String>(headers);
        signed.put("host", S3Location.host(url));
        signed.put("x-amz-date", amzDate());
        signed.put("x-amz-content-sha256", sha);
        if (creds.sessionToken() != null) {
            signed.put("x-amz-security-token", creds.sessionToken());
        }
        SigV4.Signed s = SigV4.sign(method, where.path(key), q, signed, sha, creds, where.region, "s3", signed.get("x-amz-date"));
        HttpURLConnection c;
        try {
            c = (HttpURLConnection) url.openConnection();
        } catch (IOException e) {
            throw noAnswer(url, e);
        }
        c.setRequestMethod(method);
        c.setConnectTimeout(CONNECT_TIMEOUT_MS);
        c.setReadTimeout(READ_TIMEOUT_MS);
        c.setUseCaches(false);
        c.setInstanceFollowRedirects(false);
        for (Map.Entry<String, String> e : signed.entrySet()) {
            if (!e.getKey().equals("host")) {
                c.setRequestProperty(e.getKey(), e.getValue());
            }
        }
        c.setRequestProperty("Authorization", s.authorization);
        if (len >= 0 && !method.equals("HEAD") && !method.equals("DELETE")) {
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(len);
        }
        return c;
    }

    /** The body of a 2xx answer, or an {@link S3Exception} with the server's own code and message. */
    private String answer(HttpURLConnection c) throws IOException {
        int status;
        try {
            status = c.getResponseCode();
        } catch (IOException e) {
            throw noAnswer(c.getURL(), e);
        }
        if (status >= 200 && status < 300) {
            return read(c.getInputStream());
        }
        String body = read(c.getErrorStream());
        String code = tag(body, "Code");
        String message = tag(body, "Message");
        String what = code != null ? code + (message != null ? ": " + message : "")
                : "HTTP " + status + " " + c.getResponseMessage() + (body.trim().isEmpty() ? "" : ": " + oneLine(body));
        throw new S3Exception(status, code, what + " (HTTP " + status + ")");
    }

    /**
     * A body that could not be written: either the server refused the request early (its answer says
     * why, e.g. a bad signature) or the connection is gone (retryable).
     */
    private S3Exception refusedOrLost(HttpURLConnection c, IOException e) {
        try {
            answer(c);
        } catch (S3Exception refused) {
            if (refused.status != 0) {
                return refused;
            }
        } catch (IOException ignored) {
            // no answer either: the connection is gone
        }
        return noAnswer(c.getURL(), e);
    }

    private static S3Exception noAnswer(URL url, IOException e) {
        return new S3Exception(0, null, "no answer from " + url.getProtocol() + "://" + url.getAuthority() + ": " + e);
    }

    /** Reads at most 64 KiB: S3 answers are small XML documents. */
    private static String read(InputStream in) throws IOException {
        return io.opsagent.util.BoundedText.read(in, 65536);
    }

    private static String oneLine(String body) {
        String t = body.replaceAll("\\s+", " ").trim();
        return t.length() > 300 ? t.substring(0, 300) + "..." : t;
    }

    static String tag(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
        return m.find() ? m.group(1).replace("&quot;", "\"").replace("&amp;", "&") : null;
    }

    private static Map<String, String> query(String name, String value) {
        Map<String, String> q = new LinkedHashMap<String, String>();
        q.put(name, value);
        return q;
    }

    static String amzDate() {
        SimpleDateFormat f = new SimpleDateFormat("yyyyMMdd'T'HHmmss'Z'");
        f.setTimeZone(TimeZone.getTimeZone("UTC"));
        return f.format(new Date());
    }
}
