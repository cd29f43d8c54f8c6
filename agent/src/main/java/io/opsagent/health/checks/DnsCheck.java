package io.opsagent.health.checks;

import io.opsagent.config.ConfigException;
import io.opsagent.config.Values;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Resolves {@code target} and times it. With {@code expect} (a list of addresses), every address the
 * name resolves to must be one of them: the health endpoint pattern's guard against a hijacked DNS
 * answer. The JVM's own DNS cache applies (networkaddress.cache.ttl), as it does for the application.
 */
final class DnsCheck implements Check {
    @Override
    public Observation measure(CheckSpec spec, int timeoutMillis) throws Exception {
        long start = System.nanoTime();
        InetAddress[] found = InetAddress.getAllByName(spec.target());
        double ms = HostPort.millisSince(start);
        List<String> addresses = new ArrayList<String>();
        for (InetAddress a : found) {
            addresses.add(a.getHostAddress());
        }
        String expect = spec.get("expect");
        if (expect != null) {
            Set<String> allowed = new LinkedHashSet<String>();
            for (String e : Values.splitList(expect)) {
                allowed.add(InetAddress.getByName(e).getHostAddress());
            }
            for (String a : addresses) {
                if (!allowed.contains(a)) {
                    return Observation.failed(ms, spec.target() + " resolved to " + addresses + ", and " + a + " is not expected " + allowed);
                }
            }
        }
        return Observation.of(ms, spec.target() + " resolved to " + addresses + " in " + ms + " ms");
    }

    @Override
    public void validate(CheckSpec spec) throws ConfigException {
        String expect = spec.get("expect");
        if (expect == null) {
            return;
        }
        for (String e : Values.splitList(expect)) {
            if (!e.matches("\\d{1,3}(\\.\\d{1,3}){3}") && !e.matches("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
                throw new ConfigException(spec.fullKey("expect"), "'" + e + "' must be an IP address such as 10.0.0.5 or ::1, not a name");
            }
        }
    }
}
