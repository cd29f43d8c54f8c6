package io.opsagent.heap;

/**
 * One byte range of a {@code Range} header (RFC 9110 section 14): {@code bytes=a-b}, {@code bytes=a-}
 * or {@code bytes=-n}. Several ranges in one request are refused: a resuming client asks for one.
 */
public final class ByteRange {
    public final long first;
    public final long last;

    private ByteRange(long first, long last) {
        this.first = first;
        this.last = last;
    }

    public long length() {
        return last - first + 1;
    }

    /** The range within a file of {@code size} bytes, null if there is no Range header; throws if it cannot be served. */
    public static ByteRange parse(String header, long size) {
        if (header == null) {
            return null;
        }
        String h = header.trim();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
            throw new Unsatisfiable("only byte ranges are supported");
        }
        String spec = h.substring(6).trim();
        if (spec.contains(",")) {
            throw new Unsatisfiable("only one range per request is supported");
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            throw new Unsatisfiable("a range looks like bytes=0-1023, bytes=1024- or bytes=-1024");
        }
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        try {
            if (a.isEmpty()) {
                long n = Long.parseLong(b);
                if (n <= 0 || size == 0) {
                    throw new Unsatisfiable("the suffix range is empty");
                }
                return new ByteRange(Math.max(0, size - n), size - 1);
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
            if (first < 0 || first >= size || last < first) {
                throw new Unsatisfiable("the range starts beyond the end of the file or ends before it starts");
            }
            return new ByteRange(first, last);
        } catch (NumberFormatException e) {
            throw new Unsatisfiable("a range looks like bytes=0-1023, bytes=1024- or bytes=-1024");
        }
    }

    /** The Range header cannot be served for this file. */
    public static final class Unsatisfiable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsatisfiable(String why) {
            super(why, null, false, false);
        }
    }
}
