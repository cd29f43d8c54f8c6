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
    public static final List<String> PUBLIC_GROUPS = Collections.unmodifiableList(Arrays.asList(
            "health", "selftest", "info", "memory", "gc", "metrics", "leaks", "threads", "heapdumps", "commands", "dashboard"));

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
