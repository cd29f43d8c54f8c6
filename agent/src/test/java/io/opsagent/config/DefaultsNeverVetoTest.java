package io.opsagent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A default never vetoes a valid value the user chose: every key, set alone to the edges of what it accepts,
 * gives a configuration that starts, and keeps the value the user gave. Only two explicit values that
 * contradict each other are refused.
 */
class DefaultsNeverVetoTest {
    private static final String[][] EDGES = {
        {"port", "0"}, {"port", "65535"},
        {"bind", "0.0.0.0"}, {"bind", "::1"},
        {"path.prefix", "/ops-4f9c2a"},
        {"token", "0123456789abcdef"}, {"token.file", "/etc/opsagent/token"},
        {"monitor.token", "fedcba9876543210"}, {"monitor.token.file", "/etc/opsagent/monitor"},
        {"public", "none"}, {"public", "health,metrics"}, {"stealth", "true"},
        {"allow.cidrs", "10.0.0.0/8"},
        {"tls.keystore.type", "JKS"},
        {"data.dir", "/var/lib/opsagent"}, {"heapdump.dir", "/var/dumps"},
        {"heapdump.keep", "1"}, {"heapdump.keep", "1000"},
        {"heapdump.max.bytes", "1"}, {"heapdump.max.bytes", "100%"}, {"heapdump.max.bytes", "1%"},
        {"heapdump.auto.threshold", "0.01"}, {"heapdump.auto.threshold", "0.99"},
        {"heapdump.auto.cooldown", "1s"}, {"heapdump.auto.cooldown", "30d"},
        {"heapdump.auto.max", "0"}, {"heapdump.auto.max", "1000"},
        {"health.interval", "1s"}, {"health.interval", "2s"}, {"health.interval", "1d"},
        {"health.timeout", "50ms"}, {"health.timeout", "15s"}, {"health.timeout", "1h"},
        {"leak.window", "10s"}, {"leak.window", "30d"},
        {"leak.histogram.interval", "10s"}, {"leak.histogram.interval", "1d"},
        {"rate.limit", "1/s"}, {"rate.limit", "10000/s"},
        {"max.concurrent", "1"}, {"max.concurrent", "256"},
        {"audit.log", "/var/log/opsagent-audit.log"},
        {"commands.jcmd.allow", "VM.flags"},
        {"selftest.status", "100"}, {"selftest.status", "599"},
        {"heapdump.upload", "s3://bucket/prefix"}, {"heapdump.upload.endpoint", "http://127.0.0.1:9000"},
        {"heapdump.upload.region", "eu-west-1"}, {"heapdump.upload.path.style", "false"}, {"heapdump.upload.gzip", "false"},
        {"heapdump.upload.part.size", "5m"}, {"heapdump.upload.part.size", "1g"}, {"heapdump.upload.delete.local", "true"},
        {"heapdump.upload.rate", "50m/s"}, {"heapdump.upload.credentials.file", "/etc/opsagent/aws"},
        {"profile.engine", "jfr"}, {"profile.lib", "/opt/libasyncProfiler.so"},
        {"jfr.continuous", "true"}, {"jfr.maxage", "10s"}, {"jfr.maxage", "7d"}, {"jfr.maxsize", "1m"}, {"jfr.maxsize", "10%"},
        {"heapdump.auto.sustain", "1s"}, {"heapdump.auto.sustain", "1h"},
        {"heapdump.auto.sustain.collections", "1"}, {"heapdump.auto.sustain.collections", "1000"},
        {"dump.token", "0123456789abcdef0"}, {"dump.requires.permission", "true"},
        {"tls.truststore.type", "JKS"}, {"tls.client.operator", "CN=ops-*"}, {"tls.client.monitor", "CN=mon-*"}, {"tls.client.dump", "CN=dump-*"},
        {"auth.jwt.jwks.refresh", "1m"}, {"auth.jwt.roles.claim", "roles"}, {"auth.jwt.roles.monitor", "read"},
        {"auth.jwt.roles.operator", "admin"}, {"auth.jwt.roles.dump", "dump"}, {"auth.jwt.clock.skew", "0s"}, {"auth.jwt.clock.skew", "5m"},
        {"auth.jwt.issuer", "https://idp.example"}, {"auth.jwt.audience", "opsagent"},
        {"leak.sites.duration", "1s"}, {"leak.sites.duration", "1h"}, {"leak.sites.interval", "1k"}, {"leak.sites.interval", "10m"},
    };

    /**
     * Keys that name a file or only mean something beside another key the user must give too (a key store, a trust store,
     * an issuer and audience, another way to log in): refusing them alone is the contract, not a default's veto.
     */
    private static final Set<String> NEED_A_COMPANION = new HashSet<String>(java.util.Arrays.asList("config", "tls.keystore",
            "tls.keystore.password", "selftest", "tls.client.auth", "tls.truststore", "tls.truststore.password", "auth.jwt.jwks",
            "auth.static.tokens"));

    @Test
    void everyKeyAloneAtItsEdgesIsAccepted() throws Exception {
        Set<String> covered = new HashSet<String>();
        for (String[] kv : EDGES) {
            Map<String, String> text = new LinkedHashMap<String, String>();
            text.put(kv[0], kv[1]);
            AgentConfig c;
            try {
                c = AgentConfig.of(text, new LinkedHashMap<String, String>());
            } catch (ConfigException e) {
                throw new AssertionError(kv[0] + "=" + kv[1] + " given alone was refused: " + e.getMessage(), e);
            }
            assertEquals(kv[1], c.text(kv[0]), "the user's value stays as given");
            covered.add(kv[0]);
        }
        for (String key : Keys.all().keySet()) {
            assertTrue(covered.contains(key) || NEED_A_COMPANION.contains(key),
                    key + " has no edge values in this audit: add them when adding a key");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // a short interval alone: the default 2 s timeout follows it down
        "health.interval=1s|1s|500ms",
        "health.interval=2s|2s|1s",
        // a long timeout alone: the default 15 s interval follows it up
        "health.timeout=15s|30s|15s",
        "health.timeout=1m|2m|1m",
        // both given and consistent: kept as they are
        "health.interval=1s,health.timeout=999ms|1s|999ms",
    })
    void healthTimeoutAndIntervalFollowTheOneTheUserGave(String args, String interval, String timeout) throws Exception {
        AgentConfig c = AgentConfig.of(AgentArgs.parse(args), new LinkedHashMap<String, String>());
        assertEquals(Values.parseDurationMillis(interval), (long) c.get(Keys.HEALTH_INTERVAL));
        assertEquals(Values.parseDurationMillis(timeout), (long) c.get(Keys.HEALTH_TIMEOUT));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"health.interval=1s,health.timeout=1s", "health.interval=5s,health.timeout=10s"})
    void twoExplicitValuesThatContradictAreRefused(String args) throws Exception {
        Map<String, String> text = AgentArgs.parse(args);
        ConfigException e = assertThrows(ConfigException.class, () -> AgentConfig.of(text, new LinkedHashMap<String, String>()));
        assertEquals("health.timeout", e.key());
        assertTrue(e.getMessage().contains("shorter than health.interval"), e.getMessage());
    }
}
