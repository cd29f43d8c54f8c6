package io.opsagent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kind of bad value is refused with its key and what is allowed. */
class BadValuesTest {
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "port|99999|from 0 to 65535",
        "port|abc|whole number",
        "bind|not an address!|address",
        "path.prefix|ops|/ops-4f9c2a",
        "path.prefix|/a/../b|/ops-4f9c2a",
        "token|short|at least 16 characters",
        "public|everything|not one of none",
        "stealth|maybe|true or false",
        "allow.cidrs|10.0.0.0/99|allow.cidrs",
        "tls.keystore.type|PEM|PKCS12",
        "heapdump.keep|0|from 1 to 1000",
        "heapdump.max.bytes|lots|size such as",
        "heapdump.max.bytes|150%|percentage",
        "heapdump.auto.threshold|1.5|heapdump.auto.threshold",
        "heapdump.auto.cooldown|10|duration with a unit",
        "health.interval|15 parsecs|duration with a unit",
        "health.timeout|1ms|at least",
        "leak.window|5s|at least",
        "rate.limit|fast|20/s",
        "max.concurrent|0|from 1 to 256",
        "selftest.status|42|from 100 to 599",
        "no.such.key|1|unknown key",
        "prot|9950|port",
    })
    void badValueIsRejectedWithItsKeyAndWhatIsAllowed(String key, String value, String allowed) {
        Map<String, String> text = new LinkedHashMap<String, String>();
        text.put(key, value);
        Map<String, String> src = new LinkedHashMap<String, String>();
        src.put(key, "agent argument " + key);
        ConfigException e = assertThrows(ConfigException.class, () -> AgentConfig.of(text, src));
        assertEquals(key, e.key());
        assertTrue(e.getMessage().contains(allowed), "message should say what is allowed (" + allowed + "): " + e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "token=0123456789abcdef0123,token.file=/etc/t|token",
        "tls.keystore=/k.p12|tls.keystore.password",
        "health.interval=5s,health.timeout=10s|health.timeout",
    })
    void inconsistentCombinationsAreRejected(String args, String key) throws Exception {
        Map<String, String> text = AgentArgs.parse(args);
        ConfigException e = assertThrows(ConfigException.class, () -> AgentConfig.of(text, new LinkedHashMap<String, String>()));
        assertEquals(key, e.key());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"port", "=1", "port=1,port=2"})
    void malformedAgentArgumentsAreRejected(String args) {
        assertThrows(ConfigException.class, () -> AgentArgs.parse(args));
    }
}
