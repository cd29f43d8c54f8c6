package io.opsagent.it.identity;

import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.Tools;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A CA and certificates signed by it, made with the JDK's keytool in a directory of the test's. PKCS12, one password. */
final class TestPki {
    static final String PASSWORD = "changeit-please";

    private final Path dir;
    private final Path keytool = Jdks.current().tool("keytool");

    TestPki(Path dir) {
        this.dir = dir;
    }

    /** A self-signed CA in {@code <name>.p12}, its certificate in {@code <name>.crt}, and a trust store {@code <name>-trust.p12}. */
    Path ca(String name) {
        Path ks = dir.resolve(name + ".p12");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "bc:c", "-validity", "2", "-keystore", ks.toString());
        keytool("-exportcert", "-rfc", "-alias", name, "-keystore", ks.toString(), "-file", dir.resolve(name + ".crt").toString());
        Path trust = dir.resolve(name + "-trust.p12");
        keytool("-importcert", "-noprompt", "-alias", name, "-file", dir.resolve(name + ".crt").toString(), "-keystore", trust.toString());
        return trust;
    }

    /** A key pair with the subject {@code dname} (and SAN entries like {@code dns:x,email:y}, or null), signed by {@code ca}. */
    Path signed(String name, String dname, String san, String ca) {
        Path ks = selfSigned(name, dname, san);
        Path csr = dir.resolve(name + ".csr");
        Path crt = dir.resolve(name + ".crt");
        keytool("-certreq", "-alias", name, "-keystore", ks.toString(), "-file", csr.toString());
        List<String> gen = new ArrayList<>(Arrays.asList("-gencert", "-rfc", "-alias", ca, "-keystore", dir.resolve(ca + ".p12").toString(),
                "-infile", csr.toString(), "-outfile", crt.toString(), "-validity", "2"));
        if (san != null) {
            gen.addAll(Arrays.asList("-ext", "SAN=" + san));
        }
        keytool(gen.toArray(new String[0]));
        keytool("-importcert", "-noprompt", "-alias", ca, "-file", dir.resolve(ca + ".crt").toString(), "-keystore", ks.toString());
        keytool("-importcert", "-noprompt", "-alias", name, "-file", crt.toString(), "-keystore", ks.toString());
        return ks;
    }

    /** A key pair with a self-signed certificate in {@code <name>.p12}. */
    Path selfSigned(String name, String dname, String san) {
        Path ks = dir.resolve(name + ".p12");
        List<String> gen = new ArrayList<>(Arrays.asList("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", dname, "-validity", "2", "-keystore", ks.toString()));
        if (san != null) {
            gen.addAll(Arrays.asList("-ext", "SAN=" + san));
        }
        keytool(gen.toArray(new String[0]));
        return ks;
    }

    private void keytool(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(Arrays.asList("-storetype", "PKCS12", "-storepass", PASSWORD));
        if (args[0].equals("-genkeypair")) {
            all.addAll(Arrays.asList("-keypass", PASSWORD));
        }
        Tools.run(keytool, all.toArray(new String[0]));
    }
}
