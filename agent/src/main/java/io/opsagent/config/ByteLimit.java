package io.opsagent.config;

/** A limit on bytes: either a fixed size or a share of the free space of a disk at the time of use. */
public final class ByteLimit {
    private final long bytes;
    private final double share;

    private ByteLimit(long bytes, double share) {
        this.bytes = bytes;
        this.share = share;
    }

    public static ByteLimit bytes(long n) {
        return new ByteLimit(n, 0);
    }

    public static ByteLimit shareOfFreeDisk(double share) {
        return new ByteLimit(-1, share);
    }

    /** The limit in bytes, given the disk's free space now. */
    public long resolve(long freeBytes) {
        return bytes >= 0 ? bytes : (long) (freeBytes * share);
    }

    @Override
    public String toString() {
        return bytes >= 0 ? bytes + " bytes" : Math.round(share * 100) + "% of free disk";
    }
}
