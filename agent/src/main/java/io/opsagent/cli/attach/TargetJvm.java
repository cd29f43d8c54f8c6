package io.opsagent.cli.attach;

import java.lang.reflect.Method;
import java.util.Properties;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * Asks a running JVM for its system properties through the attach API, as Jolokia's launcher reads its
 * agent's URL: the answer is the target's own word on its temp folder and on whether our agent runs
 * ({@link io.opsagent.discovery.DiscoveryFile#URL_PROPERTY}). The properties command has the same reply
 * on Java 8 and 9+, unlike loading an agent, so it works across versions both ways.
 */
final class TargetJvm {
    private TargetJvm() {
    }

    /** The target's system properties, or null when it cannot be asked (no attach API here, gone, refused). */
    static Properties systemProperties(long pid) {
        Object vm = null;
        Class<?> type = null;
        try {
            ByteBuddyAgent.AttachmentProvider.Accessor a = AttachApi.accessor();
            if (!a.isAvailable()) {
                return null;
            }
            type = a.getVirtualMachineType();
            vm = type.getMethod("attach", String.class).invoke(null, Long.toString(pid));
            // through the public API type: the implementation class is not exported on 9+
            return (Properties) type.getMethod("getSystemProperties").invoke(vm);
        } catch (Exception | LinkageError e) {
            return null;
        } finally {
            detach(type, vm);
        }
    }

    private static void detach(Class<?> type, Object vm) {
        if (vm == null) {
            return;
        }
        try {
            Method m = type.getMethod("detach");
            m.invoke(vm);
        } catch (Exception | LinkageError ignored) {
            // the connection closes with the process
        }
    }
}
