package io.opsagent.upload;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * Collects what is written into one part-sized buffer and hands each full part to the sender, so an
 * upload of any size holds exactly one part in memory and needs no second copy on disk. Also hashes
 * everything that passes (sha256 of the object as uploaded).
 */
final class PartSink extends OutputStream {
    interface PartSender {
        void send(int number, byte[] data, int len) throws IOException;
    }

    private final byte[] part;
    private final PartSender sender;
    private final MessageDigest sha256 = SigV4.digest("SHA-256");
    private int filled;
    private int parts;
    private long total;
    private boolean closed;

    PartSink(int partSize, PartSender sender) {
        this.part = new byte[partSize];
        this.sender = sender;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (filled == part.length) {
                flushPart();
            }
            int n = Math.min(len, part.length - filled);
            System.arraycopy(b, off, part, filled, n);
            sha256.update(b, off, n);
            filled += n;
            total += n;
            off += n;
            len -= n;
        }
    }

    /** Sends what is left as the last part (S3 allows the last part, and only it, to be under 5 MiB). */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            if (filled > 0 || parts == 0) {
                flushPart();
            }
        }
    }

    private void flushPart() throws IOException {
        parts++;
        sender.send(parts, part, filled);
        filled = 0;
    }

    int parts() {
        return parts;
    }

    long total() {
        return total;
    }

    String sha256Hex() {
        return SigV4.hex(sha256.digest());
    }
}
