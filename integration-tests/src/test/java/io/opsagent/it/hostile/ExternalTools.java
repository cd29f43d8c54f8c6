package io.opsagent.it.hostile;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;

/** Debian tools the hostile-client tests drive (see .ci/debian-packages.txt): missing in CI is a failure, not a skip. */
final class ExternalTools {
    private ExternalTools() {
    }

    static String require(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            File f = new File(dir, name);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        String why = name + " is not installed: apt-get install -y " + (name.equals("chromedriver") ? "chromium-driver" : name);
        if ("true".equals(System.getenv("CI"))) {
            fail(why);
        }
        assumeTrue(false, why);
        return null;
    }
}
