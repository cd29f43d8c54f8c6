package io.opsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.opsagent.it.support.HttpResult;
import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.TargetJvm;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The log-level command on Logback and Log4j 2, which the agent reaches reflectively: a probe
 * application loads both in its own class loader (as a web container would) and prints its levels.
 */
class LogLevelFrameworksTest {
    static final String LOGGER = "com.acme.orders";

    /** The probe: loads Logback (through SLF4J) and Log4j 2 from the jars named in args[0], then reports levels as they change. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            String[] jars = args[0].split(File.pathSeparator);
            URL[] urls = new URL[jars.length];
            for (int i = 0; i < jars.length; i++) {
                urls[i] = Paths.get(jars[i]).toUri().toURL();
            }
            ClassLoader app = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
            System.setProperty("logback.statusListenerClass", "ch.qos.logback.core.status.NopStatusListener");
            Object slf4jLogger = app.loadClass("org.slf4j.LoggerFactory").getMethod("getLogger", String.class).invoke(null, LOGGER);
            Object log4jLogger = app.loadClass("org.apache.logging.log4j.LogManager").getMethod("getLogger", String.class).invoke(null, LOGGER);
            String last = null;
            for (int i = 0; i < 1200; i++) {
                String now = "LEVELS logback=" + level(slf4jLogger, "getEffectiveLevel") + " log4j=" + level(log4jLogger, "getLevel");
                if (!now.equals(last)) {
                    System.out.println(now);
                    System.out.flush();
                    last = now;
                }
                Thread.sleep(50);
            }
        }

        private static String level(Object logger, String method) throws Exception {
            var m = logger.getClass().getMethod(method);
            m.setAccessible(true);
            return String.valueOf(m.invoke(logger));
        }
    }

    @Test
    void logbackAndLog4jLevelsChangeAndComeBack() throws Exception {
        Path libs = Paths.get(System.getProperty("probe.libs", "target/probe-libs"));
        String cp;
        try (Stream<Path> jars = Files.list(libs)) {
            cp = String.join(File.pathSeparator, jars.map(Path::toString).sorted().toList());
        }
        try (TargetJvm jvm = TargetJvm.probe(Jdks.current(), Probe.class).agentArgs("port=0").jvmArgs("-Xmx64m").args(cp).start()) {
            jvm.awaitOutput(s -> s.contains("LEVELS logback=DEBUG log4j=ERROR"), 30);
            HttpResult r = jvm.agent().post("/commands/log-level", "{\"logger\":\"" + LOGGER + "\",\"level\":\"WARN\",\"ttl\":\"2s\"}");
            assertEquals(200, r.status(), r.text());
            Map<String, JsonObject> byFramework = new HashMap<>();
            for (JsonElement e : r.json().getAsJsonArray("frameworks")) {
                byFramework.put(e.getAsJsonObject().get("framework").getAsString(), e.getAsJsonObject());
            }
            assertEquals(List.of("jul", "log4j2", "logback"), byFramework.keySet().stream().sorted().toList(), r.text());
            assertEquals("WARN", byFramework.get("logback").get("newLevel").getAsString(), r.text());
            assertEquals("DEBUG", byFramework.get("logback").get("oldEffectiveLevel").getAsString(), r.text());
            assertEquals("WARN", byFramework.get("log4j2").get("newLevel").getAsString(), r.text());
            assertEquals("ERROR", byFramework.get("log4j2").get("oldEffectiveLevel").getAsString(), r.text());
            assertEquals("WARNING", byFramework.get("jul").get("newLevel").getAsString(), r.text());
            jvm.awaitOutput(s -> s.contains("LEVELS logback=WARN log4j=WARN"), 10);
            int changed = jvm.output().indexOf("LEVELS logback=WARN log4j=WARN");
            jvm.awaitOutput(s -> s.indexOf("LEVELS logback=DEBUG log4j=ERROR", changed) > 0, 15);

            HttpResult only = jvm.agent().post("/commands/log-level", "{\"logger\":\"" + LOGGER + "\",\"framework\":\"logback\"}");
            assertEquals(1, only.json().getAsJsonArray("frameworks").size(), only.text());
            assertTrue(only.json().getAsJsonArray("frameworks").get(0).getAsJsonObject().get("inherits").getAsBoolean(),
                    "logback's logger inherits again after the ttl: " + only.text());
        }
    }
}
