package io.opsagent.util;

import java.time.Instant;

/**
 * UTC timestamps with milliseconds, {@code 2026-11-22T18:21:23.873Z}, for logs and answers. Through
 * {@link Instant}, not {@code SimpleDateFormat}: the latter loads calendar and locale data worth about
 * 1.2 MB of allocation on first use, which lands in the host's heap at start-up.
 */
public final class IsoTime {
    private IsoTime() {
    }

    public static String of(long epochMillis) {
        String s = Instant.ofEpochMilli(epochMillis).toString();
        // Instant leaves out a fraction of zero; the fixed width is easier on parsers and eyes
        return s.indexOf('.') < 0 ? s.substring(0, s.length() - 1) + ".000Z" : s;
    }

    /** To the second, for projections where milliseconds would claim a precision there is not. */
    public static String seconds(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis - Math.floorMod(epochMillis, 1000L)).toString();
    }

    /** {@code 20261122-182123} (UTC), for file names and ids that sort by time. */
    public static String compact(long epochMillis) {
        String s = seconds(epochMillis);
        return s.substring(0, 4) + s.substring(5, 7) + s.substring(8, 10) + "-" + s.substring(11, 13) + s.substring(14, 16) + s.substring(17, 19);
    }

    private static final String[] WEEKDAYS_FROM_THURSDAY = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    /** The HTTP {@code Date} form, {@code Mon, 30 Nov 2026 15:55:58 GMT} (RFC 9110 IMF-fixdate); 1970-01-01 was a Thursday. */
    public static String http(long epochMillis) {
        String s = seconds(epochMillis); // 2026-11-30T15:55:58Z
        int month = Integer.parseInt(s.substring(5, 7));
        return WEEKDAYS_FROM_THURSDAY[(int) Math.floorMod(Math.floorDiv(epochMillis, 86_400_000L), 7L)] + ", " + s.substring(8, 10) + " "
                + MONTHS[month - 1] + " " + s.substring(0, 4) + " " + s.substring(11, 19) + " GMT";
    }

    public static String now() {
        return of(System.currentTimeMillis());
    }
}
