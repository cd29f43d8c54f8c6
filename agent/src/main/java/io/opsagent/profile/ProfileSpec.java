package io.opsagent.profile;

import io.opsagent.config.Values;
import io.opsagent.http.HttpError;
import io.opsagent.http.Request;
import io.opsagent.http.RequestOptions;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What {@code POST /profile} asked for, from the query or a JSON body, checked and bounded. */
final class ProfileSpec {
    static final List<String> EVENTS = Arrays.asList("cpu", "alloc", "wall", "lock");
    static final List<String> FORMATS = Arrays.asList("html", "collapsed", "jfr");
    static final long MIN_MILLIS = 1000;
    static final long MAX_MILLIS = 5 * 60_000;
    private static final Pattern TIME = Pattern.compile("(\\d{1,9})(ns|us|ms|s)");
    private static final Pattern BYTES = Pattern.compile("(\\d{1,12})([km]?)");

    final String event;
    final long durationMillis;
    /** Nanoseconds for cpu and wall, bytes for alloc, nanoseconds of contention for lock. */
    final long interval;
    final boolean threads;
    final String format;

    ProfileSpec(String event, long durationMillis, long interval, boolean threads, String format) {
        this.event = event;
        this.durationMillis = durationMillis;
        this.interval = interval;
        this.threads = threads;
        this.format = format;
    }

    static ProfileSpec of(Request r) {
        RequestOptions o = RequestOptions.of(r, "{\"event\":\"cpu\",\"duration\":\"30s\"}");
        String event = o.get("event", "cpu").toLowerCase(Locale.ROOT);
        if (!EVENTS.contains(event)) {
            throw HttpError.badRequest("event=" + event + " is not known", "use one of " + EVENTS);
        }
        String format = o.get("format", "html").toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(format)) {
            throw HttpError.badRequest("format=" + format + " is not known", "use one of " + FORMATS);
        }
        String d = o.get("duration", "30s");
        long millis;
        try {
            millis = Values.parseDurationMillis(d);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("duration=" + d + " " + e.getMessage(), "e.g. duration=30s; from 1s to 5m");
        }
        if (millis < MIN_MILLIS || millis > MAX_MILLIS) {
            throw HttpError.badRequest("duration=" + d + " is out of bounds", "a profile runs from 1s to 5m");
        }
        String i = o.get("interval", null);
        long interval = i == null ? defaultInterval(event) : parseInterval(event, i);
        String t = o.get("threads", "false");
        if (!t.equalsIgnoreCase("true") && !t.equalsIgnoreCase("false")) {
            throw HttpError.badRequest("threads=" + t + " is not a boolean", "threads=true splits the profile per thread");
        }
        return new ProfileSpec(event, millis, interval, Boolean.parseBoolean(t), format);
    }

    static long defaultInterval(String event) {
        if (event.equals("alloc")) {
            return 512 * 1024;
        }
        if (event.equals("lock")) {
            return 10_000;
        }
        return event.equals("wall") ? 50_000_000 : 10_000_000;
    }

    static long parseInterval(String event, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (event.equals("alloc")) {
            Matcher m = BYTES.matcher(t);
            if (!m.matches()) {
                throw HttpError.badRequest("interval=" + text + " is not a byte count", "for alloc, e.g. interval=512k (bytes between samples)");
            }
            long n = Long.parseLong(m.group(1)) << (m.group(2).equals("k") ? 10 : m.group(2).equals("m") ? 20 : 0);
            if (n < 1024) {
                throw HttpError.badRequest("interval=" + text + " is too small", "sample at most every 1k of allocation");
            }
            return n;
        }
        Matcher m = TIME.matcher(t);
        if (!m.matches()) {
            throw HttpError.badRequest("interval=" + text + " is not a time", "e.g. interval=10ms, 500us or 1s");
        }
        String u = m.group(2);
        long n = Long.parseLong(m.group(1)) * (u.equals("ns") ? 1 : u.equals("us") ? 1000 : u.equals("ms") ? 1_000_000 : 1_000_000_000L);
        long least = event.equals("lock") ? 0 : 100_000;
        if (n < least) {
            throw HttpError.badRequest("interval=" + text + " is too small", "sample at most every 100us: finer sampling harms the host");
        }
        return n;
    }

    /** The interval in the form async-profiler reads ({@code 10000000} ns or {@code 524288} bytes). */
    String intervalText() {
        return Long.toString(interval);
    }
}
