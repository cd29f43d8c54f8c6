package io.opsagent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opsagent.config.AgentArgs;
import io.opsagent.config.AgentConfig;
import io.opsagent.config.ConfigException;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;

/** Client authentication settings that cannot work are refused at start, naming the key. */
class TlsContextTest {
    private static AgentConfig config(String args) throws ConfigException {
        return AgentConfig.of(AgentArgs.parse(args), new LinkedHashMap<String, String>());
    }

    @Test
    void clientAuthNeedsTlsAndATrustStore() throws Exception {
        assertNull(TlsContext.load(config("port=0")));
        ConfigException noTls = assertThrows(ConfigException.class, () -> TlsContext.load(config("tls.client.auth=required")));
        assertEquals("tls.client.auth", noTls.key());
        ConfigException noTrust = assertThrows(ConfigException.class,
                () -> TlsContext.load(config("tls.keystore=/nonexistent.p12,tls.keystore.password=x,tls.client.auth=optional")));
        assertEquals("tls.client.auth", noTrust.key());
        assertTrue(noTrust.getMessage().contains("tls.truststore"), noTrust.getMessage());
        ConfigException missing = assertThrows(ConfigException.class,
                () -> TlsContext.load(config("tls.keystore=/nonexistent.p12,tls.keystore.password=x,tls.client.auth=required,tls.truststore=/nonexistent-trust.p12")));
        assertEquals("tls.keystore", missing.key());
    }
}
