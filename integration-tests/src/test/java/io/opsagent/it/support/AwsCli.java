package io.opsagent.it.support;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's awscli ({@code /usr/bin/aws}; a pyenv shim named aws may come first on PATH and is not it),
 * pointed at an {@link S3Proxy}: the independent client that checks what the agent uploaded.
 */
public final class AwsCli {
    public static final String AWS = "/usr/bin/aws";
    private final S3Proxy s3;

    public AwsCli(S3Proxy s3) {
        this.s3 = s3;
    }

    /** Runs {@code aws --endpoint-url <proxy> <args>}; fails the test unless it exits 0. */
    public String run(String... args) {
        List<String> cmd = new ArrayList<>(List.of(AWS, "--endpoint-url", s3.endpoint(), "--no-cli-pager"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("AWS_ACCESS_KEY_ID", S3Proxy.IDENTITY);
        pb.environment().put("AWS_SECRET_ACCESS_KEY", S3Proxy.CREDENTIAL);
        pb.environment().put("AWS_DEFAULT_REGION", "us-east-1");
        // S3Proxy rejects the newer clients' default checksum headers
        pb.environment().put("AWS_REQUEST_CHECKSUM_CALCULATION", "when_required");
        pb.environment().put("AWS_RESPONSE_CHECKSUM_VALIDATION", "when_required");
        pb.environment().put("AWS_CONFIG_FILE", "/dev/null");
        pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("aws " + String.join(" ", args) + " did not finish");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new AssertionError("aws " + String.join(" ", args) + " exited " + p.exitValue() + ":\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + AWS + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public void makeBucket(String bucket) {
        run("s3", "mb", "s3://" + bucket);
    }

    /** Downloads {@code s3://...} to a file. */
    public Path download(String s3Url, Path to) {
        run("s3", "cp", "--only-show-errors", s3Url, to.toString());
        return to;
    }

    public JsonObject headObject(String bucket, String key) {
        return JsonParser.parseString(run("s3api", "head-object", "--bucket", bucket, "--key", key, "--output", "json")).getAsJsonObject();
    }

    /** The multipart uploads still open in a bucket under a key prefix (empty when none). */
    public String openMultipartUploads(String bucket, String prefix) {
        return run("s3api", "list-multipart-uploads", "--bucket", bucket, "--prefix", prefix, "--output", "json").trim();
    }
}
