package io.opsagent.upload;

import java.net.MalformedURLException;
import java.net.URL;

/** Where an object goes: bucket, key prefix, endpoint, region and addressing style, and the URLs that follow. */
final class S3Location {
    final String bucket;
    final String prefix;
    final String endpoint;
    final String region;
    final boolean pathStyle;

    S3Location(String s3Url, String endpoint, String region, Boolean pathStyle) {
        String rest = s3Url.substring("s3://".length());
        int slash = rest.indexOf('/');
        this.bucket = slash < 0 ? rest : rest.substring(0, slash);
        String p = slash < 0 ? "" : rest.substring(slash + 1);
        this.prefix = p.isEmpty() || p.endsWith("/") ? p : p + "/";
        this.region = region;
        this.endpoint = endpoint != null ? endpoint : "https://s3." + region + ".amazonaws.com";
        this.pathStyle = pathStyle != null ? pathStyle : endpoint != null;
    }

    String key(String name) {
        return prefix + name;
    }

    /** {@code s3://bucket/key}, what the listing shows. */
    String s3Url(String key) {
        return "s3://" + bucket + "/" + key;
    }

    /** The path that is signed and sent: {@code /bucket/key} (path style) or {@code /key}. */
    String path(String key) {
        return pathStyle ? "/" + bucket + "/" + key : "/" + key;
    }

    /** The request URL for a key, with a query string already encoded. */
    URL url(String key, String encodedQuery) throws MalformedURLException {
        String base = endpoint;
        if (!pathStyle) {
            int scheme = endpoint.indexOf("://") + 3;
            base = endpoint.substring(0, scheme) + bucket + "." + endpoint.substring(scheme);
        }
        return new URL(base + SigV4.encode(path(key), false) + (encodedQuery.isEmpty() ? "" : "?" + encodedQuery));
    }

    /** The Host header value HttpURLConnection sends for this URL (the default port is left out). */
    static String host(URL u) {
        return u.getPort() == -1 || u.getPort() == u.getDefaultPort() ? u.getHost() : u.getHost() + ":" + u.getPort();
    }
}
