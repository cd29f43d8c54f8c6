package io.opsagent.upload;

import java.io.IOException;
import java.io.InterruptedIOException;

/** Runs one S3 call again after failures that may pass, waiting 1, 2, 4, 8, 16 s: about 30 s of outage is ridden out. */
final class Retrying {
    interface Call<T> {
        T run() throws IOException;
    }

    interface Trouble {
        void report(String why);
    }

    static final int ATTEMPTS = 6;

    private final long firstWaitMillis;

    Retrying(long firstWaitMillis) {
        this.firstWaitMillis = firstWaitMillis;
    }

    <T> T run(String what, Trouble trouble, Call<T> call) throws IOException {
        long wait = firstWaitMillis;
        for (int attempt = 1;; attempt++) {
            try {
                return call.run();
            } catch (S3Exception e) {
                if (!e.retryable() || attempt == ATTEMPTS) {
                    throw new S3Exception(e.status, e.code, what + " failed" + (attempt > 1 ? " after " + attempt + " attempts" : "") + ": " + e.getMessage());
                }
                trouble.report(what + ": " + e.getMessage() + "; retry " + attempt + " of " + (ATTEMPTS - 1) + " in " + wait / 1000.0 + " s");
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("the upload was stopped (agent stopping)");
            }
            wait *= 2;
        }
    }
}
