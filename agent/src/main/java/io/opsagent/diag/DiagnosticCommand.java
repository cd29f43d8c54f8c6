package io.opsagent.diag;

import java.lang.management.ManagementFactory;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.ReflectionException;

/**
 * Runs a diagnostic command ({@code jcmd} inside the JVM) through the HotSpot
 * {@code com.sun.management:type=DiagnosticCommand} MBean: no attach, no child process.
 * On a JVM without it (some OpenJ9 builds), {@link Unsupported} says so, which endpoints map to 501.
 */
public final class DiagnosticCommand {
    private static final String MBEAN = "com.sun.management:type=DiagnosticCommand";

    /** The JVM has no diagnostic command MBean, or not this command. */
    public static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported(String message) {
            super(message);
        }
    }

    private DiagnosticCommand() {
    }

    /** Runs e.g. {@code run("GC.class_histogram", "-all")} and returns the command's text output. */
    public static String run(String command, String... args) throws Unsupported {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            Object out = server.invoke(new ObjectName(MBEAN), operationName(command), new Object[] {args},
                    new String[] {String[].class.getName()});
            return out == null ? "" : out.toString();
        } catch (InstanceNotFoundException e) {
            throw new Unsupported("this JVM (" + System.getProperty("java.vm.name") + ") has no DiagnosticCommand MBean");
        } catch (ReflectionException e) {
            throw new Unsupported("this JVM has no diagnostic command " + command);
        } catch (javax.management.JMException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException(command + " failed: " + cause.getMessage(), cause);
        }
    }

    /**
     * The MBean's operation naming rule (HotSpot's DiagnosticCommandImpl): lower case up to the first
     * '.' or '_', then each separator upper-cases the next letter. {@code GC.class_histogram} is
     * {@code gcClassHistogram}.
     */
    static String operationName(String command) {
        StringBuilder sb = new StringBuilder();
        boolean lower = true;
        boolean upperNext = false;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == '.' || c == '_') {
                lower = false;
                upperNext = true;
            } else if (upperNext) {
                upperNext = false;
                sb.append(Character.toUpperCase(c));
            } else {
                sb.append(lower ? Character.toLowerCase(c) : c);
            }
        }
        return sb.toString();
    }
}
