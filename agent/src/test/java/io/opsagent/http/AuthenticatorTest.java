package io.opsagent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opsagent.config.AgentArgs;
import io.opsagent.config.AgentConfig;
import io.opsagent.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthenticatorTest {
    @TempDir
    Path dir;

    private static AgentConfig config(String args) throws ConfigException {
        return AgentConfig.of(AgentArgs.parse(args), new LinkedHashMap<String, String>());
    }

    @Test
    void mapsTokensToRoles() throws Exception {
        Authenticator a = new Authenticator(dir);
        a.configure(config("token=operator-token-0123456789,monitor.token=monitor-token-0123456789"));
        assertEquals(Role.PUBLIC, a.roleOf(null));
        assertEquals(Role.OPERATOR, a.roleOf("Bearer operator-token-0123456789"));
        assertEquals(Role.OPERATOR, a.roleOf("bearer   operator-token-0123456789 "));
        assertEquals(Role.MONITOR, a.roleOf("Bearer monitor-token-0123456789"));
        assertNull(a.roleOf("Bearer operator-token-012345678"), "a prefix of the token is no token");
        assertNull(a.roleOf("Token operator-token-0123456789"));
        String basic = Base64.getEncoder().encodeToString("ops:monitor-token-0123456789".getBytes(StandardCharsets.UTF_8));
        assertEquals(Role.MONITOR, a.roleOf("Basic " + basic), "browsers send the token as a Basic password");
        assertNull(a.roleOf("Basic !!!not-base64"));
    }

    @Test
    void generatesAPrivateTokenFileOnceAndReusesIt() throws Exception {
        Authenticator a = new Authenticator(dir);
        a.configure(config("port=0"));
        Path file = a.operatorTokenFile();
        assertEquals(dir.resolve("token"), file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String token = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
        assertTrue(token.length() >= 32, token);
        assertEquals(Role.OPERATOR, a.roleOf("Bearer " + token));
        Authenticator again = new Authenticator(dir);
        again.configure(config("port=0"));
        assertEquals(Role.OPERATOR, again.roleOf("Bearer " + token), "the generated token survives a reload or restart");
    }

    @Test
    void refusesShortTokenFilesAndSharedTokens() throws Exception {
        Path f = dir.resolve("short");
        Files.write(f, "abc\n".getBytes(StandardCharsets.UTF_8));
        ConfigException e = assertThrows(ConfigException.class, () -> new Authenticator(dir).configure(config("token.file=" + f)));
        assertEquals("token.file", e.key());
        assertThrows(ConfigException.class, () -> new Authenticator(dir)
                .configure(config("token=same-token-0123456789,monitor.token=same-token-0123456789")));
    }

    @Test
    void theOperatorTokenKeepsTheDumpPermissionUntilItIsMadeSeparate() throws Exception {
        Authenticator a = new Authenticator(dir);
        String tokens = "token=operator-token-0123456789,monitor.token=monitor-token-0123456789,dump.token=dump-token-0123456789";
        a.configure(config(tokens));
        assertTrue(a.identify("Bearer operator-token-0123456789").mayDump(), "by default nothing breaks");
        assertFalse(a.identify("Bearer monitor-token-0123456789").mayDump());
        assertFalse(a.identify(null).mayDump());
        Identity dump = a.identify("Bearer dump-token-0123456789");
        assertEquals(Role.OPERATOR, dump.role());
        assertTrue(dump.mayDump());

        a.configure(config(tokens + ",dump.requires.permission=true"));
        assertEquals(Role.OPERATOR, a.identify("Bearer operator-token-0123456789").role());
        assertFalse(a.identify("Bearer operator-token-0123456789").mayDump());
        assertTrue(a.identify("Bearer dump-token-0123456789").mayDump());
        assertThrows(ConfigException.class, () -> new Authenticator(dir)
                .configure(config("token=same-token-0123456789,dump.token=same-token-0123456789")));
    }

    @Test
    void staticTokensCanBeTurnedOff() throws Exception {
        Authenticator a = new Authenticator(dir);
        a.configure(config("token=operator-token-0123456789,auth.static.tokens=false"));
        assertTrue(a.identify("Bearer operator-token-0123456789").isRefused());
        assertEquals(Role.PUBLIC, a.identify(null).role());
    }

    @Test
    void jwtSettingsThatWouldAcceptTooMuchAreRefused() throws Exception {
        Path jwks = dir.resolve("jwks.json");
        Files.write(jwks, "{\"keys\":[]}".getBytes(StandardCharsets.UTF_8));
        ConfigException noIssuer = assertThrows(ConfigException.class, () -> new Authenticator(dir)
                .configure(config("auth.jwt.jwks=" + jwks + ",auth.jwt.audience=opsagent")));
        assertEquals("auth.jwt.issuer", noIssuer.key());
        ConfigException noAudience = assertThrows(ConfigException.class, () -> new Authenticator(dir)
                .configure(config("auth.jwt.jwks=" + jwks + ",auth.jwt.issuer=https://idp.example")));
        assertEquals("auth.jwt.audience", noAudience.key());
        ConfigException plainHttp = assertThrows(ConfigException.class, () -> new Authenticator(dir)
                .configure(config("auth.jwt.jwks=http://idp.example/jwks,auth.jwt.issuer=i,auth.jwt.audience=a")));
        assertEquals("auth.jwt.jwks", plainHttp.key());
        Files.write(jwks, "[]".getBytes(StandardCharsets.UTF_8));
        assertEquals("auth.jwt.jwks", assertThrows(ConfigException.class, () -> new Authenticator(dir)
                .configure(config("auth.jwt.jwks=" + jwks + ",auth.jwt.issuer=i,auth.jwt.audience=a"))).key());
        assertEquals("tls.client.operator", assertThrows(ConfigException.class, () -> new Authenticator(dir)
                .configure(config("tls.client.operator=ops-*"))).key());
    }
}
