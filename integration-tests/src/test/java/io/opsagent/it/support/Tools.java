package io.opsagent.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command with a time limit and returns its exit code and output. */
public final class Tools {
    /** What a finished command left behind. */
    public record Result(int exit, String output) {
    }

    private Tools() {
    }

    /** Runs and fails the test unless the exit code is 0. */
    public static String run(Path exe, String... args) {
        Result r = exec(120, exe.toString(), args);
        if (r.exit() != 0) {
            throw new AssertionError(exe.getFileName() + " " + String.join(" ", args) + " exited " + r.exit() + ":\n" + r.output());
        }
        return r.output();
    }

    /** Runs a command, stdout and stderr merged, killed after the time limit. */
    public static Result exec(int seconds, String exe, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(exe);
        cmd.addAll(Arrays.asList(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[][] out = new byte[1][];
            Thread reader = new Thread(() -> {
                try {
                    out[0] = p.getInputStream().readAllBytes();
                } catch (IOException e) {
                    out[0] = new byte[0];
                }
            });
            reader.start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                reader.join(5000);
                throw new AssertionError(String.join(" ", cmd) + " did not finish in " + seconds + " s");
            }
            reader.join(5000);
            return new Result(p.exitValue(), new String(out[0] == null ? new byte[0] : out[0], StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
