package io.opsagent.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * Writes an answer to a non-blocking connection from a worker thread. A client that stops reading
 * cannot hold the worker: when no byte has gone out for {@link #STALL_MILLIS}, the write fails.
 * Closing this stream leaves the connection open; the server decides whether to keep it.
 */
final class ChannelOutput extends OutputStream {
    /** A client that accepts no byte of an answer for this long is given up. */
    static final long STALL_MILLIS = 30_000;

    private final SocketChannel channel;
    private Selector waiter;

    ChannelOutput(SocketChannel channel) {
        this.channel = channel;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        while (buf.hasRemaining()) {
            if (channel.write(buf) == 0) {
                awaitWritable();
            }
        }
    }

    /**
     * Sends up to {@code count} bytes of {@code file} from {@code position} with sendfile, waiting while
     * the client's window is full; returns how many went (at least one).
     */
    long sendFile(FileChannel file, long position, long count) throws IOException {
        while (true) {
            long n = file.transferTo(position, count, channel);
            if (n > 0) {
                return n;
            }
            if (position >= file.size()) {
                throw new EOFException("the file ended at byte " + position + " before the answer's length");
            }
            awaitWritable();
        }
    }

    private void awaitWritable() throws IOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new IOException("the agent is stopping"); // an interrupted select returns at once: do not spin
        }
        if (waiter == null) {
            waiter = Selector.open();
            channel.register(waiter, SelectionKey.OP_WRITE);
        }
        waiter.selectedKeys().clear();
        if (waiter.select(STALL_MILLIS) == 0) {
            throw new IOException("the client read nothing for " + STALL_MILLIS / 1000 + " s");
        }
    }

    /** Releases the write-wait selector; the connection itself stays open. */
    @Override
    public void close() throws IOException {
        if (waiter != null) {
            waiter.close();
            waiter = null;
        }
    }
}
