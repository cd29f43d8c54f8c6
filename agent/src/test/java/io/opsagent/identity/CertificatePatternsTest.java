package io.opsagent.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opsagent.config.ConfigException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tls.client.* patterns against a certificate made by keytool: subject attributes, SAN DNS and email, globs. */
class CertificatePatternsTest {
    @TempDir
    static Path dir;
    private static X509Certificate cert;

    @BeforeAll
    static void certificate() throws Exception {
        Path ks = dir.resolve("c.p12");
        String keytool = Paths.get(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "c", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=ops-7, OU=SRE, O=Example", "-ext", "SAN=dns:node7.ops.example,email:ops-7@example.com",
                "-validity", "1", "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        assertEquals(0, p.waitFor());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        cert = (X509Certificate) store.getCertificate("c");
    }

    private static boolean matches(String... patterns) throws ConfigException {
        return CertificatePatterns.parse("tls.client.operator", Arrays.asList(patterns)).matches(cert);
    }

    @Test
    void matchesSubjectAttributesAndSanEntriesWithGlobs() throws Exception {
        assertTrue(matches("CN=ops-*"));
        assertTrue(matches("cn=OPS-7"), "names and values ignore case");
        assertTrue(matches("OU=sre"));
        assertTrue(matches("DNS=*.ops.example"));
        assertTrue(matches("EMAIL=*@example.com"));
        assertTrue(matches("CN=mon-*", "O=Example"), "any pattern of the list");
        assertFalse(matches("CN=ops"), "a pattern matches the whole value");
        assertFalse(matches("CN=mon-*"));
        assertFalse(matches("DNS=ops.example"));
        assertFalse(matches("O=Exam.le"), "only * is special");
        assertFalse(CertificatePatterns.NONE.matches(cert));
        assertEquals("CN=ops-7,OU=SRE,O=Example", CertificatePatterns.subjectOf(cert));
    }

    @Test
    void refusesWhatIsNoPattern() {
        for (String bad : new String[] {"ops-*", "CN=", "=x", "C N=x"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> matches(bad), bad);
            assertEquals("tls.client.operator", e.key());
        }
    }
}
