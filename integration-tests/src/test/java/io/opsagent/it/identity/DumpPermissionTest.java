package io.opsagent.it.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opsagent.it.support.AgentClient;
import io.opsagent.it.support.HttpResult;
import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.TargetJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** dump.requires.permission over HTTP: the operator token runs commands but takes no dump; dump.token does. */
class DumpPermissionTest {
    private static final String OPERATOR = "operator-token-0123456789abcdef";
    private static final String DUMP = "dump-token-0123456789abcdef";

    @Test
    void anOperatorWithoutTheDumpPermissionIsRefusedDumpsRecordingsAndProfiles() throws Exception {
        Path data = Files.createTempDirectory("opsagent-dumpperm");
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).jvmArgs("-Xmx64m").agentArgs("port=0,data.dir=" + data + ",token=" + OPERATOR
                + ",dump.token=" + DUMP + ",dump.requires.permission=true").start()) {
            AgentClient operator = jvm.anonymous().withToken(OPERATOR);
            HttpResult refused = operator.post("/heapdumps", "");
            assertEquals(403, refused.status(), refused.text());
            assertTrue(refused.json().get("error").getAsString().contains("dump permission"), refused.text());
            assertEquals(403, operator.get("/heapdump").status());
            assertEquals(403, operator.post("/jfr", "{}").status());
            assertEquals(403, operator.post("/profile", "{}").status());
            assertEquals(200, operator.post("/commands/gc", "{}").status(), "the operator role itself is intact");
            assertEquals(200, operator.get("/heapdumps").status(), "listing dumps is not taking one");
            HttpResult info = operator.get("/info");
            assertEquals(200, info.status());
            assertTrue(!info.text().contains(DUMP), "dump.token is masked in /info");

            HttpResult taken = jvm.anonymous().withToken(DUMP).post("/heapdumps", "");
            assertEquals(202, taken.status(), taken.text());
            String id = taken.json().get("id").getAsString();
            assertEquals(403, operator.get("/heapdumps/" + id).status(), "nor may the operator download it");

            String audit = new String(Files.readAllBytes(data.resolve("audit.log")), StandardCharsets.UTF_8);
            assertTrue(audit.contains("\"action\":\"POST /heapdumps\",\"status\":403"), audit);
            assertTrue(audit.contains("\"action\":\"POST /heapdumps\",\"status\":202"), audit);
        }
    }

    @Test
    void stealthHidesTheRefusalAndTheDefaultKeepsTheOperatorsDumps() throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).jvmArgs("-Xmx64m").agentArgs("port=0,stealth=true,token=" + OPERATOR
                + ",dump.token=" + DUMP + ",dump.requires.permission=true").start()) {
            assertEquals(404, jvm.anonymous().withToken(OPERATOR).get("/heapdump").status());
        }
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).jvmArgs("-Xmx64m").agentArgs("port=0,token=" + OPERATOR).start()) {
            HttpResult taken = jvm.anonymous().withToken(OPERATOR).post("/heapdumps", "");
            assertEquals(202, taken.status(), "by default the operator token keeps the dump permission: " + taken.text());
        }
    }
}
