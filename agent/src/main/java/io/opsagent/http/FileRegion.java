package io.opsagent.http;

import java.nio.channels.FileChannel;

/**
 * A body that is bytes of a file (a heap dump). On a plain connection the server sends it with
 * {@link FileChannel#transferTo} (sendfile: the bytes never pass through the heap); on TLS it reads
 * it as a stream with a large buffer. The body stream itself stays the one closed at the end.
 */
public interface FileRegion {
    FileChannel channel();

    /** The file position of the next byte to send. */
    long position();

    /** The next {@code n} bytes went out through the channel, not through {@code read}. */
    void sent(long n);
}
