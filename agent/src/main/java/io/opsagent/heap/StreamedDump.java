package io.opsagent.heap;

import io.opsagent.util.Log;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The body of {@code GET /heapdump}: the dump file as it is sent. The file is deleted and the dump
 * slot freed as soon as its last byte has been read for sending, or when the server closes the body
 * because the client went away, whichever comes first, so an abandoned download leaves nothing on
 * disk and a client that asks again right after a download is not told a dump is still running.
 */
final class StreamedDump extends FilterInputStream {
    /** Streamed dump files start with this; any left at start-up belong to a transfer that never ended. */
    static final String PREFIX = "stream-";

    private final Path file;
    private final DumpSlot.Held slot;
    private final long expected;
    private long sent;
    private boolean finished;

    /** @param expected the body's length, or -1 when only the end of the stream tells (gzip) */
    StreamedDump(InputStream body, Path file, DumpSlot.Held slot, long expected) {
        super(body);
        this.file = file;
        this.slot = slot;
        this.expected = expected;
    }

    @Override
    public synchronized int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (finished) {
            return -1;
        }
        int n = super.read(b, off, len);
        if (n > 0) {
            sent += n;
        }
        if (n < 0 || (expected >= 0 && sent >= expected)) {
            finish();
        }
        return n;
    }

    @Override
    public synchronized void close() {
        finish();
    }

    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            super.close();
        } catch (IOException e) {
            Log.debug("closing " + file + ": " + e);
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            Log.warn("cannot delete the streamed dump " + file + ": " + e.getMessage());
        } finally {
            slot.close();
        }
        Log.info("streamed heap dump " + (expected < 0 || sent >= expected ? "read to the end" : "abandoned") + " after " + sent
                + " bytes; " + file.getFileName() + " deleted");
    }
}
