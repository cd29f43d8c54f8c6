package io.opsagent.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Opens a local page in headless Chromium and reports what its console said and the DOM it ended with. */
public final class Chromium {
    public static final Path EXE = Path.of("/usr/bin/chromium");

    /** The page's console lines (errors and logs) and the serialized DOM after its scripts ran. */
    public record Page(List<String> console, String dom) {
    }

    private Chromium() {
    }

    public static Page open(Path html) throws IOException {
        Path profile = Files.createTempDirectory("opsagent-chromium-");
        Path err = Files.createTempFile("opsagent-chromium-", ".log");
        try {
            Process p = new ProcessBuilder(EXE.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--no-first-run", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000",
                    "--dump-dom", html.toUri().toString())
                    .redirectError(err.toFile()).start();
            p.getOutputStream().close();
            String dom = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("chromium did not finish in 60 s");
            }
            List<String> console = new ArrayList<>();
            for (String line : Files.readAllLines(err)) {
                if (line.contains(":CONSOLE")) {
                    console.add(line);
                }
            }
            return new Page(console, dom);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            Files.deleteIfExists(err);
            try (var s = Files.walk(profile)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
