package io.opsagent.heap;

import io.opsagent.util.Log;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The body of {@code GET /heapdump}: the dump file as it is sent. The server closes it when the
 * transfer ends or the client goes away; either way the file is deleted and the dump slot freed,
 * so an abandoned download leaves nothing on disk.
 */
final class StreamedDump extends FilterInputStream {
    /** Streamed dump files start with this; any left at start-up belong to a transfer that never ended. */
    static final String PREFIX = "stream-";

    private final Path file;
    private final DumpSlot.Held slot;
    private long sent;
    private boolean closed;

    StreamedDump(InputStream body, Path file, DumpSlot.Held slot) {
        super(body);
        this.file = file;
        this.slot = slot;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            sent++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            sent += n;
        }
        return n;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
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
        Log.info("streamed heap dump ended after " + sent + " bytes; " + file.getFileName() + " deleted");
    }
}
