package io.opsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opsagent.it.support.AgentClient;
import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.TargetJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/** The properties file is watched: tokens and limits change at run time, restart-only keys say so, bad edits are refused. */
class ConfigReloadTest {
    @Test
    void tokenFileRotationAndBadEditsApplyWithoutRestart() throws Exception {
        Path dir = Files.createTempDirectory("opsagent-reload");
        Path token = dir.resolve("token");
        Path config = dir.resolve("opsagent.properties");
        Files.writeString(token, "first-token-0123456789abcdef\n");
        Files.writeString(config, "token.file=" + token + "\nrate.limit=100/s\n");
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).agentArgs("port=0,config=" + config).start()) {
            AgentClient first = new AgentClient(jvm.agentUrl(), "first-token-0123456789abcdef");
            AgentClient second = first.withToken("second-token-0123456789abcdef");
            assertEquals(200, first.get("/info").status());

            Files.writeString(token, "second-token-0123456789abcdef\n");
            awaitStatus(200, () -> second.get("/info").status());
            assertEquals(401, first.get("/info").status(), "the old token stops working");

            Files.writeString(config, "token.file=" + token + "\nrate.limit=lots\n");
            jvm.awaitOutput(o -> o.contains("configuration change rejected") && o.contains("rate.limit"), 15);
            assertEquals(200, second.get("/info").status(), "a bad edit keeps the last good configuration");

            Files.writeString(config, "token.file=" + token + "\nrate.limit=100/s\nmax.concurrent=3\n");
            jvm.awaitOutput(o -> o.contains("[max.concurrent] need a restart"), 15);
            assertEquals(200, second.get("/info").status(), "the agent still serves on its port");
        }
    }

    private static void awaitStatus(int expected, IntSupplier status) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = status.getAsInt();
            if (last == expected) {
                return;
            }
            TargetJvm.sleep(200);
        }
        assertTrue(false, "expected " + expected + " within 15 s, last status " + last);
    }
}
