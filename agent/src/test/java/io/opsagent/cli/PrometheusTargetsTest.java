package io.opsagent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrometheusTargetsTest {
    @Test
    void oneTargetGroupPerAgentWithSchemePathAndLabels() {
        String json = PrometheusTargets.render(Arrays.asList(
                new PrometheusTargets.Agent(41, "com.example.Main --password=x", "http://127.0.0.1:9950", "1.8.0_402"),
                new PrometheusTargets.Agent(42, "/opt/app.jar", "https://10.0.0.5:9443/ops-4f9c/", null)));
        assertEquals("[\n"
                + "  {\n    \"targets\": [\n      \"127.0.0.1:9950\"\n    ],\n    \"labels\": {\n"
                + "      \"__scheme__\": \"http\",\n      \"__metrics_path__\": \"/metrics\",\n      \"pid\": \"41\",\n"
                + "      \"main_class\": \"com.example.Main\",\n      \"jvm_version\": \"1.8.0_402\"\n    }\n  },\n"
                + "  {\n    \"targets\": [\n      \"10.0.0.5:9443\"\n    ],\n    \"labels\": {\n"
                + "      \"__scheme__\": \"https\",\n      \"__metrics_path__\": \"/ops-4f9c/metrics\",\n      \"pid\": \"42\",\n"
                + "      \"main_class\": \"/opt/app.jar\",\n      \"jvm_version\": \"unknown\"\n    }\n  }\n]\n", json);
    }

    @Test
    void noAgentIsAnEmptyArrayWhichPrometheusAccepts() {
        assertEquals("[]\n", PrometheusTargets.render(Collections.<PrometheusTargets.Agent>emptyList()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"com.x.Main a b|com.x.Main", "  /a.jar|/a.jar", "''|unknown"})
    void mainClassDropsTheProgramsArguments(String main, String label) {
        assertEquals(label, PrometheusTargets.mainClass(main));
    }

    @Test
    void replaceSwapsTheWholeFileReadableByOthersAndLeavesNoTemporary(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("sd/targets.json");
        PrometheusSdCommand.replace(f, "[]\n");
        PrometheusSdCommand.replace(f, "[{}]\n");
        assertEquals("[{}]\n", new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        File[] left = f.getParent().toFile().listFiles();
        assertEquals(1, left.length, Arrays.toString(left));
    }

    @Test
    void badOptionsAreUsageErrors() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream ps = new java.io.PrintStream(out);
        assertEquals(io.opsagent.cli.attach.Reason.USAGE.exitCode(), Main.run(new String[] {"list", "--prometheus", "--interval=0"}, ps, ps));
        assertEquals(io.opsagent.cli.attach.Reason.USAGE.exitCode(), Main.run(new String[] {"list", "--prometheus", "--what"}, ps, ps));
        assertEquals(io.opsagent.cli.attach.Reason.USAGE.exitCode(), Main.run(new String[] {"list", "--json"}, ps, ps));
    }
}
