package io.opsagent.config;

import io.opsagent.util.CidrRange;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every configuration key of the contract (DESIGN.md section 3), in one place. */
public final class Keys {
    private static final Map<String, Key<?>> ALL = new LinkedHashMap<String, Key<?>>();

    /** Keys under these prefixes are free-form and validated by the feature that owns them. */
    public static final List<String> OPEN_PREFIXES = Collections.unmodifiableList(Arrays.asList("check."));

    public static final Key<String> CONFIG = add("config", null, Values.text(), false, false, "a properties file to read keys from; it is watched and reloaded");
    public static final Key<Integer> PORT = add("port", "9950", Values.integer(0, 65535), false, false, "the port to listen on; 0 = any free port");
    public static final Key<InetAddress> BIND = add("bind", "127.0.0.1", address(), false, false, "the address to listen on");
    public static final Key<String> PATH_PREFIX = add("path.prefix", "", Values.pathPrefix(), false, false, "everything lives under this path; anything else answers 404");
    public static final Key<String> TOKEN = add("token", null, Values.token(), true, true, "the operator token (prefer token.file)");
    public static final Key<String> TOKEN_FILE = add("token.file", null, Values.text(), true, false, "a file holding the operator token");
    public static final Key<String> MONITOR_TOKEN = add("monitor.token", null, Values.token(), true, true, "a read-only token");
    public static final Key<String> MONITOR_TOKEN_FILE = add("monitor.token.file", null, Values.text(), true, false, "a file holding the read-only token");
    public static final Key<List<String>> PUBLIC = add("public", "health", publicList(), true, false, "endpoints reachable without a token: health, none, or a list");
    public static final Key<Boolean> STEALTH = add("stealth", "false", Values.bool(), true, false, "answer 404 instead of 401/403");
    public static final Key<List<CidrRange>> ALLOW_CIDRS = add("allow.cidrs", null, cidrs(), true, false, "client address ranges allowed at all (default: any)");
    public static final Key<String> TLS_KEYSTORE = add("tls.keystore", null, Values.text(), false, false, "serve HTTPS from this PKCS12 or JKS key store");
    public static final Key<String> TLS_KEYSTORE_PASSWORD = add("tls.keystore.password", null, Values.text(), false, true, "the key store's password");
    public static final Key<String> TLS_KEYSTORE_TYPE = add("tls.keystore.type", "PKCS12", oneOf("PKCS12", "JKS"), false, false, "PKCS12 or JKS");
    public static final Key<String> DATA_DIR = add("data.dir", null, Values.text(), false, false, "token file, audit log, heap dumps (default <tmp>/opsagent-<pid>)");
    public static final Key<String> HEAPDUMP_DIR = add("heapdump.dir", null, Values.text(), false, false, "where heap dumps go (default <data.dir>/heapdumps)");
    public static final Key<Integer> HEAPDUMP_KEEP = add("heapdump.keep", "3", Values.integer(1, 1000), true, false, "stored dumps kept; the oldest go first");
    public static final Key<ByteLimit> HEAPDUMP_MAX_BYTES = add("heapdump.max.bytes", "50%", Values.byteLimit(), true, false, "refuse (507) a dump that would not fit");
    public static final Key<Double> HEAPDUMP_AUTO_THRESHOLD = add("heapdump.auto.threshold", "off", Values.ratioOrOff(), true, false, "after a GC, dump when old-gen occupancy >= this share of its max");
    public static final Key<Long> HEAPDUMP_AUTO_COOLDOWN = add("heapdump.auto.cooldown", "10m", Values.duration(1000), true, false, "at most one automatic dump per cooldown");
    public static final Key<Integer> HEAPDUMP_AUTO_MAX = add("heapdump.auto.max", "2", Values.integer(0, 1000), true, false, "automatic dumps per JVM lifetime");
    // heap dump upload to S3-compatible object storage (issue 17; io.opsagent.upload)
    public static final Key<String> HEAPDUMP_UPLOAD = add("heapdump.upload", "off", s3UrlOrOff(), true, false,
            "s3://bucket/prefix: every stored dump is uploaded there; off = none");
    public static final Key<String> HEAPDUMP_UPLOAD_ENDPOINT = add("heapdump.upload.endpoint", null, httpUrl(), true, false,
            "the object store's URL, e.g. http://127.0.0.1:9000 (default: the AWS endpoint of the region)");
    public static final Key<String> HEAPDUMP_UPLOAD_REGION = add("heapdump.upload.region", null, Values.text(), true, false,
            "the signing region (default: AWS_REGION, else us-east-1)");
    public static final Key<Boolean> HEAPDUMP_UPLOAD_PATH_STYLE = add("heapdump.upload.path.style", null, Values.bool(), true, false,
            "path-style addressing (default: true when an endpoint is given)");
    public static final Key<Boolean> HEAPDUMP_UPLOAD_GZIP = add("heapdump.upload.gzip", "true", Values.bool(), true, false,
            "upload *.hprof.gz, compressed from the file after the dump");
    public static final Key<Long> HEAPDUMP_UPLOAD_PART_SIZE = add("heapdump.upload.part.size", "16m", sizeAtLeast(5L << 20, "5m"), true, false,
            "multipart part size (at least 5m, as S3 requires)");
    public static final Key<Boolean> HEAPDUMP_UPLOAD_DELETE_LOCAL = add("heapdump.upload.delete.local", "false", Values.bool(), true, false,
            "delete the local file once the upload is verified");
    public static final Key<Long> HEAPDUMP_UPLOAD_RATE = add("heapdump.upload.rate", "off", bytesPerSecondOrOff(), true, false,
            "upload at most this fast, e.g. 50m/s; off = no limit");
    public static final Key<String> HEAPDUMP_UPLOAD_CREDENTIALS_FILE = add("heapdump.upload.credentials.file", null, Values.text(), true, false,
            "an AWS credentials file to take the upload keys from (profile AWS_PROFILE, else default)");
    // leak/heap feature (issue 14): threshold dumps when occupancy stays high after every collection, not only after a cleaning one
    public static final Key<Long> HEAPDUMP_AUTO_SUSTAIN = add("heapdump.auto.sustain", "30s", Values.duration(1000), true, false, "also dump when old-gen occupancy after every GC (young ones too) stays >= the threshold this long");
    public static final Key<Integer> HEAPDUMP_AUTO_SUSTAIN_COLLECTIONS = add("heapdump.auto.sustain.collections", "3", Values.integer(1, 1000), true, false, "... and across at least this many collections");
    public static final Key<Long> HEALTH_INTERVAL = add("health.interval", "15s", Values.duration(1000), true, false, "checks run in the background at this period");
    public static final Key<Long> HEALTH_TIMEOUT = add("health.timeout", "2s", Values.duration(50), true, false, "a check that takes longer fails as timed out");
    // leak.window may go down to 10s (not 1m) so integration tests can run brisk leaks over short windows;
    // the analysis still refuses a verdict with fewer than six floors.
    public static final Key<Long> LEAK_WINDOW = add("leak.window", "30m", Values.duration(10_000), true, false, "the time window the leak trend is computed over");
    public static final Key<Long> LEAK_HISTOGRAM_INTERVAL = add("leak.histogram.interval", "2m", Values.duration(10_000), true, false, "least time between two class histograms while a leak is suspected");
    public static final Key<Double> RATE_LIMIT = add("rate.limit", "20/s", Values.rate(), true, false, "requests per client address; beyond it 429 with Retry-After");
    public static final Key<Integer> MAX_CONCURRENT = add("max.concurrent", "8", Values.integer(1, 256), false, false, "requests served at once; beyond it 503");
    public static final Key<String> AUDIT_LOG = add("audit.log", null, Values.text(), false, false, "one JSON line per sensitive request (default <data.dir>/audit.log)");
    public static final Key<List<String>> JCMD_ALLOW = add("commands.jcmd.allow",
            "GC.class_histogram,Thread.print,VM.flags,VM.uptime,VM.system_properties,GC.heap_info", Values.list(), true, false,
            "diagnostic commands the jcmd command may run");
    // profiling, JFR recordings and leak allocation sites (issue 18, docs/profiling.md)
    public static final Key<String> PROFILE_ENGINE = add("profile.engine", "auto", oneOf("auto", "async-profiler", "jfr"), true, false, "profiler engine: async-profiler where its library loads, else JFR (auto); or force one");
    public static final Key<String> PROFILE_LIB = add("profile.lib", null, Values.text(), false, false, "a libasyncProfiler.so to load instead of the one the agent carries");
    public static final Key<Boolean> JFR_CONTINUOUS = add("jfr.continuous", "false", Values.bool(), false, false, "keep an always-on JFR recording (default settings), dumped beside every automatic heap dump");
    public static final Key<Long> JFR_MAXAGE = add("jfr.maxage", "15m", Values.duration(10_000), false, false, "how far back the continuous recording reaches");
    public static final Key<ByteLimit> JFR_MAXSIZE = add("jfr.maxsize", "100m", Values.byteLimit(), false, false, "disk the continuous recording may use (a size, or a share of free disk)");
    public static final Key<Long> LEAK_SITES_DURATION = add("leak.sites.duration", "30s", Values.duration(1000), true, false, "how long allocation sites of a growing class are sampled, then sampling stops");
    public static final Key<ByteLimit> LEAK_SITES_INTERVAL = add("leak.sites.interval", "128k", Values.byteLimit(), true, false, "allocation sampling interval in bytes while sites are sampled");
    // identities: dump permission, client certificates, identity-provider tokens (issue 19, docs/security.md "Identities")
    public static final Key<String> DUMP_TOKEN = add("dump.token", null, Values.token(), true, true, "a token that grants the operator role and the dump permission");
    public static final Key<Boolean> DUMP_REQUIRES_PERMISSION = add("dump.requires.permission", "false", Values.bool(), true, false,
            "heap dumps, JFR recordings and profiles need the dump permission, not just the operator role");
    public static final Key<Boolean> AUTH_STATIC_TOKENS = add("auth.static.tokens", "true", Values.bool(), true, false,
            "accept the static tokens (token, monitor.token, dump.token); false = certificates and JWTs only");
    public static final Key<String> TLS_CLIENT_AUTH = add("tls.client.auth", "off", oneOf("off", "optional", "required"), false, false,
            "ask TLS clients for a certificate: off, optional, or required (no certificate, no session)");
    public static final Key<String> TLS_TRUSTSTORE = add("tls.truststore", null, Values.text(), false, false, "the CA certificates client certificates must chain to (PKCS12 or JKS)");
    public static final Key<String> TLS_TRUSTSTORE_PASSWORD = add("tls.truststore.password", null, Values.text(), false, true, "the trust store's password");
    public static final Key<String> TLS_TRUSTSTORE_TYPE = add("tls.truststore.type", "PKCS12", oneOf("PKCS12", "JKS"), false, false, "PKCS12 or JKS");
    public static final Key<List<String>> TLS_CLIENT_OPERATOR = add("tls.client.operator", null, Values.list(), true, false,
            "client certificates with the operator role: patterns such as CN=ops-*, OU=sre, DNS=*.ops.example, EMAIL=*@example.com");
    public static final Key<List<String>> TLS_CLIENT_MONITOR = add("tls.client.monitor", null, Values.list(), true, false, "client certificates with the monitor role (patterns as tls.client.operator)");
    public static final Key<List<String>> TLS_CLIENT_DUMP = add("tls.client.dump", null, Values.list(), true, false, "client certificates with the operator role and the dump permission");
    public static final Key<String> AUTH_JWT_JWKS = add("auth.jwt.jwks", null, Values.text(), true, false,
            "accept identity-provider JWTs (RS256, ES256) signed by the keys of this JWKS: a file, or an https:// URL; unset = no JWTs");
    public static final Key<Long> AUTH_JWT_JWKS_REFRESH = add("auth.jwt.jwks.refresh", "10m", Values.duration(10_000), true, false,
            "an https JWKS is fetched again when older than this (and at once for an unknown kid, at most every 5 s)");
    public static final Key<String> AUTH_JWT_ISSUER = add("auth.jwt.issuer", null, Values.text(), true, false, "the iss a JWT must carry (required with auth.jwt.jwks)");
    public static final Key<String> AUTH_JWT_AUDIENCE = add("auth.jwt.audience", null, Values.text(), true, false, "a value the JWT's aud must hold (required with auth.jwt.jwks)");
    public static final Key<String> AUTH_JWT_ROLES_CLAIM = add("auth.jwt.roles.claim", "scope", Values.text(), true, false,
            "the claim whose values grant roles: a space-separated string or an array");
    public static final Key<List<String>> AUTH_JWT_ROLES_MONITOR = add("auth.jwt.roles.monitor", null, Values.list(), true, false, "claim values that grant the monitor role");
    public static final Key<List<String>> AUTH_JWT_ROLES_OPERATOR = add("auth.jwt.roles.operator", null, Values.list(), true, false, "claim values that grant the operator role");
    public static final Key<List<String>> AUTH_JWT_ROLES_DUMP = add("auth.jwt.roles.dump", null, Values.list(), true, false,
            "claim values that grant the operator role and the dump permission");
    public static final Key<Long> AUTH_JWT_CLOCK_SKEW = add("auth.jwt.clock.skew", "60s", Values.duration(0), true, false,
            "how far exp and nbf may be off the agent's clock");
    public static final Key<Integer> SELFTEST_STATUS = add("selftest.status", "200", Values.integer(100, 599), true, false, "the status /selftest answers");

    private Keys() {
    }

    private static <T> Key<T> add(String name, String def, Parser<T> parser, boolean reloadable, boolean secret, String doc) {
        Key<T> k = new Key<T>(name, def, parser, reloadable, secret, doc);
        ALL.put(name, k);
        return k;
    }

    public static Map<String, Key<?>> all() {
        return Collections.unmodifiableMap(ALL);
    }

    public static boolean isKnown(String name) {
        if (ALL.containsKey(name)) {
            return true;
        }
        for (String p : OPEN_PREFIXES) {
            if (name.startsWith(p) && name.length() > p.length()) {
                return true;
            }
        }
        return false;
    }

    /** The known key closest to a misspelt one, for "did you mean". */
    public static String closest(String name) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String k : ALL.keySet()) {
            int d = distance(name, k);
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        return bestD <= Math.max(2, name.length() / 3) ? best : null;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** {@code s3://bucket} or {@code s3://bucket/prefix}, or {@code off} (null). */
    private static Parser<String> s3UrlOrOff() {
        return new Parser<String>() {
            @Override
            public String parse(String text) {
                String t = text.trim();
                if (t.isEmpty() || t.equalsIgnoreCase("off")) {
                    return null;
                }
                if (!t.matches("s3://[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9](/[^\\s]*)?")) {
                    throw new IllegalArgumentException("must be off or s3://bucket/prefix (a bucket name of 3-63 lower-case letters, digits, '.' and '-')");
                }
                return t;
            }
        };
    }

    private static Parser<String> httpUrl() {
        return new Parser<String>() {
            @Override
            public String parse(String text) {
                String t = text.trim();
                if (!t.matches("https?://[^/\\s]+/?")) {
                    throw new IllegalArgumentException("must be an http:// or https:// URL with no path, e.g. http://127.0.0.1:9000");
                }
                return t.endsWith("/") ? t.substring(0, t.length() - 1) : t;
            }
        };
    }

    /** A fixed size in the grammar of {@link Values#byteLimit()} ({@code 16m}, {@code 1g}); no share of the disk. */
    private static long parseSize(String text, String allowed) {
        if (text.trim().endsWith("%")) {
            throw new IllegalArgumentException(allowed);
        }
        try {
            return Values.byteLimit().parse(text).resolve(0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(allowed);
        }
    }

    private static Parser<Long> sizeAtLeast(final long min, final String minText) {
        return new Parser<Long>() {
            @Override
            public Long parse(String text) {
                String allowed = "must be a size of at least " + minText + ", such as 16m or 64m";
                long n = parseSize(text, allowed);
                if (n < min || n > (1L << 30)) {
                    throw new IllegalArgumentException(allowed + " (and at most 1g: a part is held in memory)");
                }
                return n;
            }
        };
    }

    /** {@code 50m/s}, {@code 500k/s}, or {@code off} (0). */
    private static Parser<Long> bytesPerSecondOrOff() {
        return new Parser<Long>() {
            @Override
            public Long parse(String text) {
                String t = text.trim().toLowerCase(java.util.Locale.ROOT);
                if (t.equals("off")) {
                    return 0L;
                }
                String allowed = "must be a size per second such as 50m/s or 500k/s, or off";
                if (!t.endsWith("/s")) {
                    throw new IllegalArgumentException(allowed);
                }
                long n = parseSize(t.substring(0, t.length() - 2), allowed);
                if (n < 1024) {
                    throw new IllegalArgumentException(allowed + " (at least 1k/s)");
                }
                return n;
            }
        };
    }

    private static Parser<InetAddress> address() {
        return new Parser<InetAddress>() {
            @Override
            public InetAddress parse(String text) {
                String t = text.trim();
                try {
                    return InetAddress.getByName(t.equals("*") ? "0.0.0.0" : t);
                } catch (UnknownHostException e) {
                    throw new IllegalArgumentException("must be an address of this host such as 127.0.0.1, ::1 or 0.0.0.0 (all interfaces)");
                }
            }
        };
    }

    private static Parser<List<CidrRange>> cidrs() {
        return new Parser<List<CidrRange>>() {
            @Override
            public List<CidrRange> parse(String text) {
                List<CidrRange> out = new ArrayList<CidrRange>();
                for (String s : Values.splitList(text)) {
                    out.add(CidrRange.parse(s));
                }
                if (out.isEmpty()) {
                    throw new IllegalArgumentException("must list at least one address range such as 10.0.0.0/8");
                }
                return Collections.unmodifiableList(out);
            }
        };
    }

    /** Route groups that may be opened to callers without a token; operator actions never can. */
    public static final List<String> PUBLIC_GROUPS = io.opsagent.http.RouteGroups.ALL;

    private static Parser<List<String>> publicList() {
        return new Parser<List<String>>() {
            @Override
            public List<String> parse(String text) {
                List<String> items = Values.splitList(text);
                if (items.size() == 1 && items.get(0).equals("none")) {
                    return Collections.emptyList();
                }
                List<String> out = new ArrayList<String>();
                for (String i : items) {
                    if (!PUBLIC_GROUPS.contains(i)) {
                        throw new IllegalArgumentException("'" + i + "' is not one of none, " + String.join(", ", PUBLIC_GROUPS));
                    }
                    out.add(i);
                    if (i.equals("health")) {
                        out.add("selftest");
                    }
                }
                return Collections.unmodifiableList(out);
            }
        };
    }

    private static Parser<String> oneOf(final String... allowed) {
        return new Parser<String>() {
            @Override
            public String parse(String text) {
                for (String a : allowed) {
                    if (a.equalsIgnoreCase(text.trim())) {
                        return a;
                    }
                }
                throw new IllegalArgumentException("must be one of " + String.join(", ", allowed));
            }
        };
    }
}
