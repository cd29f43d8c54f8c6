package io.opsagent.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.opsagent.it.support.Jdks;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The JDK matrix cannot shrink silently: in CI every supported feature version must be there to test against. */
class JdkCensusTest {
    static final List<Integer> SUPPORTED = List.of(8, 11, 17, 21, 25);

    @Test
    void ciTestsAgainstEverySupportedJavaVersion() {
        Set<Integer> found = Jdks.all().stream().map(Jdks.Jdk::feature).collect(Collectors.toCollection(TreeSet::new));
        System.out.println("JDKs found: " + Jdks.all().stream().map(j -> j.feature() + "=" + j.home()).toList());
        assumeTrue("true".equals(System.getenv("CI")), "outside CI the suite runs on the JDKs found: " + found
                + " (run .ci/legacy-jdks.sh for 8, 11 and 21)");
        assertTrue(found.containsAll(SUPPORTED), "CI must test on Java " + SUPPORTED + " but found only " + found
                + " in /usr/lib/jvm and " + Jdks.legacyRoot() + "; .ci/run provides 8, 11 and 21 with .ci/legacy-jdks.sh");
    }
}
