package io.opsagent.heap;

import io.opsagent.http.FileRegion;
import io.opsagent.util.Log;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The body of {@code GET /heapdump}: the dump file as it is sent. The file is deleted and the dump
 * slot freed as soon as its last byte has been read for sending, or when the server closes the body
 * because the client went away, whichever comes first, so an abandoned download leaves nothing on
 * disk and a client that asks again right after a download is not told a dump is still running.
 */
final class StreamedDump extends FilterInputStream implements FileRegion {
    /** Streamed dump files start with this; any left at start-up belong to a transfer that never ended. */
    static final String PREFIX = "stream-";

    private final Path file;
    /** The open dump file; its bytes go out with sendfile when the body is the raw file (not gzip). */
    private final FileChannel channel;
    private final DumpSlot.Held slot;
    private final long expected;
    private long sent;
    private boolean finished;

    /** The raw dump, {@code expected} bytes long, sent as it is. */
    static StreamedDump raw(FileChannel channel, Path file, DumpSlot.Held slot, long expected) {
        return new StreamedDump(Channels.newInputStream(channel), channel, file, slot, expected);
    }

    /** The dump gzipped as it is read; only the end of the stream tells its length. */
    static StreamedDump gzipped(FileChannel channel, Path file, DumpSlot.Held slot) {
        return new StreamedDump(new GzipFileStream(Channels.newInputStream(channel)), null, file, slot, -1);
    }

    private StreamedDump(InputStream body, FileChannel channel, Path file, DumpSlot.Held slot, long expected) {
        super(body);
        this.channel = channel;
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

    /** Null for a gzipped body, which is not a region of the file. */
    @Override
    public FileChannel channel() {
        return channel;
    }

    @Override
    public synchronized long position() {
        return sent;
    }

    @Override
    public synchronized void sent(long n) {
        sent += n;
        if (expected >= 0 && sent >= expected) {
            finish();
        }
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
        // the slot first: once the file is gone a client may see it gone and ask for the next dump at once
        slot.close();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            Log.warn("cannot delete the streamed dump " + file + ": " + e.getMessage());
        }
        Log.info("streamed heap dump " + (expected < 0 || sent >= expected ? "read to the end" : "abandoned") + " after " + sent
                + " bytes; " + file.getFileName() + " deleted");
    }
}
