package io.opsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opsagent.it.support.AgentClient;
import io.opsagent.it.support.Cli;
import io.opsagent.it.support.HttpResult;
import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.TargetJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The CLI on every JDK found attaches to a target on every JDK found (8, 11, 17, 21 and 25 in CI: 5 x 5): exit 0,
 * the agent's URL and its token file, /info answering for the right JVM. Each target then is stopped by the CLI of
 * the next version and attached again by the next CLI, so stop and a second attach cross versions too. Every
 * target sets its own java.io.tmpdir, as Tomcat does, which the CLI never shares. One target JVM per version, the
 * targets worked on in parallel: the JVMs differ, the ports are all chosen by the kernel (port=0).
 */
class AttachMatrixTest {
    private record Cell(int attach, int stop, String problem) {
    }

    @Test
    void everyCliVersionAttachesToEveryTargetVersionAndStopsItAgain() throws Exception {
        List<Jdks.Jdk> jdks = Jdks.all();
        Map<String, Cell> cells = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(jdks.size(), 3));
        try {
            List<Future<?>> running = new ArrayList<>();
            for (Jdks.Jdk target : jdks) {
                running.add(pool.submit(() -> {
                    workOneTarget(target, jdks, cells);
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        String table = table(jdks, cells);
        System.out.println(table);
        Files.writeString(Path.of("target", "attach-matrix.txt"), table);
        List<String> problems = cells.entrySet().stream().filter(e -> e.getValue().problem() != null)
                .map(e -> e.getKey() + ": " + e.getValue().problem()).sorted().toList();
        assertEquals(jdks.size() * jdks.size(), cells.size(), table);
        assertTrue(problems.isEmpty(), table + "\n" + String.join("\n\n", problems));
    }

    private static void workOneTarget(Jdks.Jdk target, List<Jdks.Jdk> clis, Map<String, Cell> cells) throws IOException {
        Path tmp = Files.createTempDirectory("opsagent-matrix-" + target.feature() + "-");
        try (TargetJvm jvm = TargetJvm.demo(target).jvmArgs("-Djava.io.tmpdir=" + tmp).start()) {
            String pid = Long.toString(jvm.pid());
            for (int i = 0; i < clis.size(); i++) {
                Jdks.Jdk cli = clis.get(i);
                Jdks.Jdk stopper = clis.get((i + 1) % clis.size());
                String key = "CLI " + cli.feature() + " -> target " + target.feature();
                Cli.Run attach = Cli.run(cli, "attach", pid, "port=0");
                String problem = checkAttach(attach, jvm, target, tmp);
                Cli.Run stop = Cli.run(stopper, "stop", pid);
                if (problem == null && stop.exit() != 0) {
                    problem = "stop by the CLI on " + stopper.feature() + " failed: " + stop;
                } else if (problem == null && AttachCliTest.portOpen(attach.endpoint())) {
                    problem = "stop by the CLI on " + stopper.feature() + " left " + attach.endpoint() + " open";
                }
                cells.put(key, new Cell(attach.exit(), stop.exit(), problem));
            }
        }
    }

    /** Null when the attach did all it must; else what went wrong, with the run. */
    private static String checkAttach(Cli.Run attach, TargetJvm jvm, Jdks.Jdk target, Path tmp) {
        if (attach.exit() != 0) {
            return "exit " + attach.exit() + ": " + attach;
        }
        if (!attach.output().contains("attached to JVM " + jvm.pid() + " (Java " + target.feature() + ")")) {
            return "not a fresh attach: " + attach;
        }
        if (!attach.tokenFile().startsWith(tmp)) {
            return "token file not in the target's own temp folder " + tmp + ": " + attach;
        }
        AgentClient agent = attach.client();
        HttpResult info = agent.get("/info");
        if (info.status() != 200) {
            return "/info answered " + info.status() + ": " + info.text();
        }
        if (info.json().get("pid").getAsLong() != jvm.pid() || info.json().getAsJsonObject("jvm").get("feature").getAsInt() != target.feature()) {
            return "/info describes another JVM: " + info.text();
        }
        if (!Files.exists(tmp.resolve("opsagent-" + jvm.pid() + ".json"))) {
            return "no discovery file in the target's temp folder " + tmp;
        }
        return null;
    }

    private static String table(List<Jdks.Jdk> jdks, Map<String, Cell> cells) {
        StringBuilder sb = new StringBuilder("attach/stop exit codes, CLI (rows) x target (columns); stop by the next row's CLI\n");
        sb.append(String.format("%-8s", "CLI"));
        jdks.forEach(t -> sb.append(String.format("%-10s", "target " + t.feature())));
        sb.append('\n');
        for (Jdks.Jdk cli : jdks) {
            sb.append(String.format("%-8s", cli.feature()));
            for (Jdks.Jdk t : jdks) {
                Cell c = cells.get("CLI " + cli.feature() + " -> target " + t.feature());
                sb.append(String.format("%-10s", c == null ? "?" : c.attach() + "/" + c.stop() + (c.problem() == null ? "" : "!")));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
