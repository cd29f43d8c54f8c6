package io.opsagent.demo;

import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;

/**
 * An H2 database served over TCP on loopback ({@code port}, default a free one), so a JDBC health
 * check has a real dependency to watch; {@code /stop/h2} takes it away. H2 is reached by reflection
 * because it needs Java 11 while the demo's own code stays Java 8.
 * The database is {@code jdbc:h2:tcp://127.0.0.1:<port>/mem:demo} (user {@code sa}, empty password).
 */
final class H2Scenario implements Scenario {
    private static final String SERVER_CLASS = "org.h2.tools.Server";
    private Object server;

    @Override
    public String start(Map<String, String> p) throws Exception {
        int port = (int) Scenario.param(p, "port", 0);
        if (port == 0) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
        }
        Class<?> type = Class.forName(SERVER_CLASS);
        Method create = type.getMethod("createTcpServer", String[].class);
        server = create.invoke(null, (Object) new String[] {"-tcpPort", String.valueOf(port), "-ifNotExists"});
        type.getMethod("start").invoke(server);
        return "h2 serving jdbc:h2:tcp://127.0.0.1:" + port + "/mem:demo port=" + port;
    }

    @Override
    public void stop() {
        if (server == null) {
            return;
        }
        try {
            server.getClass().getMethod("stop").invoke(server);
        } catch (ReflectiveOperationException e) {
            System.err.println("stopping h2 failed: " + e);
        }
        server = null;
    }
}
