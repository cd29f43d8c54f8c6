package io.opsagent.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The parsers for every kind of value the contract uses. Each failure says what is allowed. */
public final class Values {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]?)i?b?");
    private static final Pattern RATE = Pattern.compile("(\\d+)\\s*/\\s*(s|m|h)");

    private Values() {
    }

    public static Parser<Integer> integer(final int min, final int max) {
        return new Parser<Integer>() {
            @Override
            public Integer parse(String text) {
                try {
                    int v = Integer.parseInt(text.trim());
                    if (v >= min && v <= max) {
                        return v;
                    }
                } catch (NumberFormatException ignored) {
                    // falls through to the explanation below
                }
                throw new IllegalArgumentException("must be a whole number from " + min + " to " + max);
            }
        };
    }

    public static Parser<Boolean> bool() {
        return new Parser<Boolean>() {
            @Override
            public Boolean parse(String text) {
                String t = text.trim().toLowerCase(Locale.ROOT);
                if (t.equals("true") || t.equals("yes") || t.equals("on")) {
                    return true;
                }
                if (t.equals("false") || t.equals("no") || t.equals("off")) {
                    return false;
                }
                throw new IllegalArgumentException("must be true or false");
            }
        };
    }

    public static Parser<String> text() {
        return new Parser<String>() {
            @Override
            public String parse(String text) {
                return text.trim();
            }
        };
    }

    /** A secret: at least 16 characters, so a guessable token cannot protect a heap dump. */
    public static Parser<String> token() {
        return new Parser<String>() {
            @Override
            public String parse(String text) {
                String t = text.trim();
                if (t.length() < 16 || t.contains(" ")) {
                    throw new IllegalArgumentException("must be at least 16 characters with no spaces (use token.file to keep it off the command line)");
                }
                return t;
            }
        };
    }

    /** Durations need a unit: {@code 500ms}, {@code 15s}, {@code 10m}, {@code 1h}, {@code 1d}. Returns milliseconds. */
    public static Parser<Long> duration(final long minMillis) {
        return new Parser<Long>() {
            @Override
            public Long parse(String text) {
                long ms = parseDurationMillis(text);
                if (ms < minMillis) {
                    throw new IllegalArgumentException("must be at least " + formatDuration(minMillis));
                }
                return ms;
            }
        };
    }

    public static long parseDurationMillis(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("must be a duration with a unit, e.g. 500ms, 15s, 10m, 1h or 1d");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2);
        long factor = unit.equals("ms") ? 1 : unit.equals("s") ? 1000 : unit.equals("m") ? 60_000 : unit.equals("h") ? 3_600_000 : 86_400_000;
        return n * factor;
    }

    public static String formatDuration(long ms) {
        if (ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    /** A byte size ({@code 512m}, {@code 2g}, {@code 1048576}) or a share of free disk ({@code 50%}). */
    public static Parser<ByteLimit> byteLimit() {
        return new Parser<ByteLimit>() {
            @Override
            public ByteLimit parse(String text) {
                String t = text.trim().toLowerCase(Locale.ROOT);
                if (t.endsWith("%")) {
                    double pct = parseNumber(t.substring(0, t.length() - 1), "a percentage from 1% to 100%, or a size such as 10g");
                    if (pct < 1 || pct > 100) {
                        throw new IllegalArgumentException("must be a percentage from 1% to 100%, or a size such as 10g");
                    }
                    return ByteLimit.shareOfFreeDisk(pct / 100.0);
                }
                Matcher m = SIZE.matcher(t);
                if (!m.matches()) {
                    throw new IllegalArgumentException("must be a size such as 500m or 10g, or a share of free disk such as 50%");
                }
                long n = Long.parseLong(m.group(1));
                String u = m.group(2);
                int shift = u.isEmpty() ? 0 : u.equals("k") ? 10 : u.equals("m") ? 20 : u.equals("g") ? 30 : 40;
                return ByteLimit.bytes(n << shift);
            }
        };
    }

    /** A fraction ({@code 0.85} or {@code 85%}) strictly between 0 and 1, or {@code off} (null). */
    public static Parser<Double> ratioOrOff() {
        return new Parser<Double>() {
            @Override
            public Double parse(String text) {
                String t = text.trim().toLowerCase(Locale.ROOT);
                if (t.equals("off") || t.equals("none") || t.isEmpty()) {
                    return null;
                }
                String allowed = "must be off, or a fraction above 0 and below 1 such as 0.85 (or 85%)";
                double v = t.endsWith("%") ? parseNumber(t.substring(0, t.length() - 1), allowed) / 100.0 : parseNumber(t, allowed);
                if (!(v > 0 && v < 1)) {
                    throw new IllegalArgumentException(allowed);
                }
                return v;
            }
        };
    }

    /** {@code 20/s}, {@code 600/m}, or {@code off}; returns requests per second (0 = off). */
    public static Parser<Double> rate() {
        return new Parser<Double>() {
            @Override
            public Double parse(String text) {
                String t = text.trim().toLowerCase(Locale.ROOT);
                if (t.equals("off")) {
                    return 0.0;
                }
                Matcher m = RATE.matcher(t);
                if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
                    throw new IllegalArgumentException("must be a count per unit such as 20/s or 600/m, or off");
                }
                double n = Long.parseLong(m.group(1));
                String u = m.group(2);
                return u.equals("s") ? n : u.equals("m") ? n / 60 : n / 3600;
            }
        };
    }

    /** A list separated by commas or semicolons; empty items are dropped. */
    public static Parser<List<String>> list() {
        return new Parser<List<String>>() {
            @Override
            public List<String> parse(String text) {
                return splitList(text);
            }
        };
    }

    public static List<String> splitList(String text) {
        List<String> out = new ArrayList<String>();
        for (String s : text.split("[,;]")) {
            if (!s.trim().isEmpty()) {
                out.add(s.trim());
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** An HTTP path prefix such as {@code /ops-4f9c2a}: starts with '/', no trailing '/', only URL-safe characters. */
    public static Parser<String> pathPrefix() {
        return new Parser<String>() {
            @Override
            public String parse(String text) {
                String t = text.trim();
                if (t.isEmpty() || t.equals("/")) {
                    return "";
                }
                if (!t.matches("(/[A-Za-z0-9._~-]+)+/?") || t.contains("/../") || t.endsWith("/..") || t.contains("/./")) {
                    throw new IllegalArgumentException("must look like /ops-4f9c2a: a '/' then letters, digits, '.', '_', '~' or '-'");
                }
                return t.endsWith("/") ? t.substring(0, t.length() - 1) : t;
            }
        };
    }

    private static double parseNumber(String t, String allowed) {
        try {
            return Double.parseDouble(t.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(allowed);
        }
    }
}
