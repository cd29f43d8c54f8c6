package io.opsagent.it.hostile;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.TargetJvm;
import io.opsagent.it.support.Tools;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** sslscan (Debian package) on the TLS endpoint: only TLS 1.2/1.3 and forward-secret AEAD suites are accepted. */
class TlsScanTest {
    private static final Pattern ACCEPTED = Pattern.compile("(?m)^(?:Accepted|Preferred)\\s+(\\S+)\\s+\\d+ bits\\s+(\\S+)");
    private static final Pattern STRONG = Pattern.compile("^(TLS_AES_\\w+|TLS_CHACHA20_POLY1305_\\w+|(ECDHE|DHE)-(RSA|ECDSA)-(AES\\d+-GCM-SHA\\d+|CHACHA20-POLY1305))$");

    @Test
    void sslscanFindsNothingBelowTheBar() throws Exception {
        String sslscan = ExternalTools.require("sslscan");
        Jdks.Jdk jdk = Jdks.current();
        for (String keyalg : new String[] {"RSA", "EC"}) {
            Path dir = Files.createTempDirectory("opsagent-sslscan");
            Path ks = dir.resolve("agent.p12");
            Tools.run(jdk.tool("keytool"), "-genkeypair", "-alias", "opsagent", "-keyalg", keyalg, "-dname", "CN=localhost",
                    "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", ks.toString(),
                    "-storepass", "changeit-please", "-keypass", "changeit-please");
            try (TargetJvm jvm = TargetJvm.demo(jdk).agentArgs("port=0,tls.keystore=" + ks + ",tls.keystore.password=changeit-please").start()) {
                URI u = URI.create(jvm.agentUrl());
                Tools.Result scan = Tools.exec(120, sslscan, "--no-colour", "--no-heartbleed", u.getHost() + ":" + u.getPort());
                String out = scan.output();
                List<String> accepted = new ArrayList<>();
                Matcher m = ACCEPTED.matcher(out);
                while (m.find()) {
                    accepted.add(m.group(1) + " " + m.group(2));
                    assertTrue(m.group(1).equals("TLSv1.2") || m.group(1).equals("TLSv1.3"), "protocol below the bar: " + m.group() + "\n" + out);
                    assertTrue(STRONG.matcher(m.group(2)).matches(), "cipher suite below the bar: " + m.group() + "\n" + out);
                }
                System.out.println("SSLSCAN key=" + keyalg + " accepted=" + accepted);
                assertFalse(accepted.isEmpty(), "sslscan found no accepted suite at all:\n" + out);
                for (String old : new String[] {"SSLv2", "SSLv3", "TLSv1.0", "TLSv1.1"}) {
                    assertFalse(Pattern.compile("(?m)^" + Pattern.quote(old) + "\\s+enabled").matcher(out).find(), old + " is enabled:\n" + out);
                }
                assertTrue(jvm.agent().get("/health/live").status() == 200, "the agent serves over TLS after the scan");
            }
        }
    }
}
