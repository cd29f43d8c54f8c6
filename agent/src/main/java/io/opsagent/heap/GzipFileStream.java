package io.opsagent.heap;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip stream compressed as the reader pulls, from a finished dump file. Pulling (rather than a
 * pipe fed by a thread) ties compression to the client's pace, needs no extra thread, and never
 * touches the dump itself, which the JVM has already written raw at full speed.
 */
final class GzipFileStream extends InputStream {
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    private static final int BUFFER = 64 * 1024;

    private final InputStream raw;
    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    private final CRC32 crc = new CRC32();
    private final byte[] in = new byte[BUFFER];
    private final byte[] out = new byte[BUFFER];
    private int outPos;
    private int outLen;
    private boolean headerSent;
    private boolean trailerSent;
    private boolean closed;

    GzipFileStream(InputStream raw) {
        this.raw = raw;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (outPos == outLen) {
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, outLen - outPos);
        System.arraycopy(out, outPos, b, off, n);
        outPos += n;
        return n;
    }

    /** Produces the next piece of output; false at the end of the stream. */
    private boolean fill() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        outPos = 0;
        outLen = 0;
        if (!headerSent) {
            headerSent = true;
            System.arraycopy(HEADER, 0, out, 0, HEADER.length);
            outLen = HEADER.length;
            return true;
        }
        if (trailerSent) {
            return false;
        }
        if (!deflater.finished()) {
            if (deflater.needsInput()) {
                int n = raw.read(in);
                if (n < 0) {
                    deflater.finish();
                } else {
                    crc.update(in, 0, n);
                    deflater.setInput(in, 0, n);
                }
            }
            outLen = deflater.deflate(out, 0, out.length);
            return true;
        }
        trailerSent = true;
        writeIntLE((int) crc.getValue(), 0);
        writeIntLE((int) deflater.getBytesRead(), 4);
        outLen = 8;
        return true;
    }

    private void writeIntLE(int v, int at) {
        out[at] = (byte) v;
        out[at + 1] = (byte) (v >>> 8);
        out[at + 2] = (byte) (v >>> 16);
        out[at + 3] = (byte) (v >>> 24);
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            deflater.end();
            raw.close();
        }
    }
}
