package io.opsagent.upload;

import java.io.IOException;

/** An S3 request that failed: the HTTP status (0 = no answer), the server's error code and message, and whether a retry may help. */
class S3Exception extends IOException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;

    S3Exception(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    /** No answer, a server error, throttling or a timeout may pass; a refusal (403, 404, 400) will not. */
    boolean retryable() {
        return status == 0 || status >= 500 || status == 429 || status == 408 || "RequestTimeout".equals(code);
    }
}
