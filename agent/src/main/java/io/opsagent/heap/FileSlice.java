package io.opsagent.heap;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;

/** Bytes {@code first..first+length-1} of a file, for Range answers; reads straight from the file. */
public final class FileSlice extends InputStream {
    private final RandomAccessFile file;
    private long left;

    public FileSlice(java.nio.file.Path path, long first, long length) throws IOException {
        this.file = new RandomAccessFile(path.toFile(), "r");
        try {
            file.seek(first);
        } catch (IOException e) {
            file.close();
            throw e;
        }
        this.left = length;
    }

    @Override
    public int read() throws IOException {
        if (left <= 0) {
            return -1;
        }
        int b = file.read();
        if (b >= 0) {
            left--;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (left <= 0) {
            return -1;
        }
        int n = file.read(b, off, (int) Math.min(len, left));
        if (n > 0) {
            left -= n;
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
