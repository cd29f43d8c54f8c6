package io.opsagent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract's precedence: agent arguments, system properties, environment, config file, defaults. */
class ConfigSourcesTest {
    @TempDir
    Path dir;

    private ConfigSources sources(String args, Properties sys, Map<String, String> env) throws ConfigException {
        return new ConfigSources(AgentArgs.parse(args), sys, env);
    }

    @Test
    void theFirstSourceThatSetsAKeyWins() throws Exception {
        Path file = dir.resolve("opsagent.properties");
        Files.write(file, "port=1004\nrate.limit=5/s\nmax.concurrent=3\nselftest.status=418\n".getBytes(StandardCharsets.UTF_8));
        Properties sys = new Properties();
        sys.setProperty("opsagent.port", "1002");
        sys.setProperty("opsagent.rate.limit", "7/s");
        Map<String, String> env = new HashMap<String, String>();
        env.put("OPSAGENT_PORT", "1003");
        env.put("OPSAGENT_RATE_LIMIT", "9/s");
        env.put("OPSAGENT_MAX_CONCURRENT", "4");
        AgentConfig c = sources("port=1001,config=" + file, sys, env).load();
        assertEquals(1001, (int) c.get(Keys.PORT));
        assertEquals("agent argument port", c.source("port"));
        assertEquals(7.0, c.get(Keys.RATE_LIMIT), 1e-9);
        assertEquals("system property opsagent.rate.limit", c.source("rate.limit"));
        assertEquals(4, (int) c.get(Keys.MAX_CONCURRENT));
        assertEquals(418, (int) c.get(Keys.SELFTEST_STATUS));
        assertEquals("15s", c.text("health.interval"), "defaults fill the rest");
    }

    @Test
    void environmentNamesMapToDottedKeys() {
        assertEquals("token.file", ConfigSources.keyOfEnv("OPSAGENT_TOKEN_FILE"));
        assertEquals("heapdump.auto.threshold", ConfigSources.keyOfEnv("OPSAGENT_HEAPDUMP_AUTO_THRESHOLD"));
        assertEquals(null, ConfigSources.keyOfEnv("OPSAGENT_NO_SUCH_KEY"));
    }

    @Test
    void agentArgumentsKeepCommasInsideAValueThatContinues() throws Exception {
        Map<String, String> a = AgentArgs.parse("port=0,allow.cidrs=127.0.0.1/32,10.0.0.0/8,stealth=true");
        assertEquals("127.0.0.1/32,10.0.0.0/8", a.get("allow.cidrs"));
        assertEquals("true", a.get("stealth"));
    }

    @Test
    void anUnreadableConfigFileNamesTheKeyAndThePath() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> sources("config=" + dir.resolve("missing.properties"), new Properties(), Collections.<String, String>emptyMap()).load());
        assertEquals("config", e.key());
        assertTrue(e.getMessage().contains("missing.properties"), e.getMessage());
    }
}
