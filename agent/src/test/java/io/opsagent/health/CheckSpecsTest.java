package io.opsagent.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opsagent.config.AgentConfig;
import io.opsagent.config.ConfigException;
import io.opsagent.health.checks.CheckSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CheckSpecsTest {
    @Test
    void parsesChecksWithDefaultsAndUnits() throws Exception {
        Map<String, CheckSpec> specs = CheckSpecs.parse(config("check.db.type=jdbc", "check.db.target=jdbc:h2:mem:x",
                "check.db.warn=500ms", "check.db.fail=2s", "check.disk.type=disk", "check.disk.target=/tmp", "check.disk.critical=false",
                "check.cert.type=tls-expiry", "check.cert.target=example.org:443", "check.cert.warn=30"));
        assertEquals(3, specs.size());
        CheckSpec db = specs.get("db");
        assertEquals(500.0, db.warn());
        assertEquals(2000.0, db.fail());
        assertTrue(db.critical());
        CheckSpec disk = specs.get("disk");
        assertFalse(disk.critical());
        assertEquals(10.0, disk.warn(), "default warn below 10% free");
        assertEquals(5.0, disk.fail());
        assertEquals(30.0, specs.get("cert").warn());
        assertEquals(0.0, specs.get("cert").fail(), "an expired certificate fails by default");
    }

    @Test
    void offClearsADefaultThreshold() throws Exception {
        CheckSpec heap = CheckSpecs.parse(config("check.heap.type=heap", "check.heap.warn=off")).get("heap");
        assertNull(heap.warn());
        assertEquals(95.0, heap.fail());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "check.x.type=nope|check.x.type|is not one of tcp",
        "check.x.target=a:1|check.x.type|is missing",
        "check.x.type=tcp|check.x.target|is needed",
        "check.x.type=tcp;check.x.target=nohost|check.x.target|must be host:port",
        "check.x.type=tcp;check.x.target=h:70000|check.x.target|port from 1 to 65535",
        "check.x.type=http;check.x.target=ftp://h/|check.x.target|http:// or https://",
        "check.x.type=http;check.x.target=http://h/;check.x.expect.status=abc|check.x.expect.status|such as 200,204",
        "check.x.type=tcp;check.x.target=h:1;check.x.querry=1|check.x.querry|unknown key for a tcp check",
        "check.x.type=tcp;check.x.target=h:1;check.x.warn=fast|check.x.warn|must be a number in ms",
        "check.x.type=tcp;check.x.target=h:1;check.x.critical=maybe|check.x.critical|must be true or false",
        "check.x.type=jdbc;check.x.target=postgres://h/db|check.x.target|starting with jdbc:",
        "check.x.type=dns;check.x.target=h;check.x.expect=evil.example|check.x.expect|must be an IP address",
        "check.x.type=tls-expiry|check.x.target|or set keystore",
        "check.x.type=gc-overhead;check.x.window=5|check.x.window|duration with a unit",
        "check.bad.name.type=tcp|check.bad.type|may not contain '.'",
        "check.b@d.type=tcp|check.b@d.type|may use only letters",
        "check.x=tcp|check.x|must look like check.<name>.<key>",
    })
    void badConfigurationNamesTheKeyAndWhy(String lines, String key, String why) {
        ConfigException e = assertThrows(ConfigException.class, () -> CheckSpecs.parse(config(lines.split(";"))));
        assertEquals(key, e.key(), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    @Test
    void equalSpecsAreEqualSoAReloadKeepsTheirState() throws Exception {
        CheckSpec a = CheckSpecs.parse(config("check.g.type=gc-overhead")).get("g");
        CheckSpec b = CheckSpecs.parse(config("check.g.type=gc-overhead")).get("g");
        CheckSpec c = CheckSpecs.parse(config("check.g.type=gc-overhead", "check.g.warn=5")).get("g");
        assertEquals(a, b);
        assertFalse(a.equals(c));
    }

    static AgentConfig config(String... lines) throws ConfigException {
        Map<String, String> m = new LinkedHashMap<String, String>();
        for (String l : lines) {
            int eq = l.indexOf('=');
            m.put(l.substring(0, eq), l.substring(eq + 1));
        }
        return AgentConfig.of(m, Collections.<String, String>emptyMap());
    }
}
