package io.opsagent.health.checks;

import io.opsagent.config.ConfigException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Can a TCP connection be opened to {@code target} (host:port), and how long did it take. */
final class TcpCheck implements Check {
    @Override
    public Observation measure(CheckSpec spec, int timeoutMillis) throws Exception {
        InetSocketAddress unresolved = HostPort.parse(spec.target());
        long start = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(unresolved.getHostString(), unresolved.getPort()), timeoutMillis);
        }
        double ms = HostPort.millisSince(start);
        return Observation.of(ms, "connected to " + spec.target() + " in " + ms + " ms");
    }

    @Override
    public void validate(CheckSpec spec) throws ConfigException {
        HostPort.validate(spec);
    }
}
