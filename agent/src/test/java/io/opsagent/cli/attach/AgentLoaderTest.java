package io.opsagent.cli.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import org.junit.jupiter.api.Test;

/** Byte Buddy wraps the attach API's exceptions; the CLI must still name the cause the user can act on. */
class AgentLoaderTest {
    /** Stand-ins with the attach API's simple names (the real ones live in jdk.attach). */
    static final class AgentLoadException extends Exception {
        private static final long serialVersionUID = 1L;

        AgentLoadException(String m) {
            super(m);
        }
    }

    static final class AttachNotSupportedException extends Exception {
        private static final long serialVersionUID = 1L;

        AttachNotSupportedException(String m) {
            super(m);
        }
    }

    private static Reason reasonOf(Throwable attachApiError) {
        return AgentLoader.classify(42, new IllegalStateException("Error during attachment using: x",
                new InvocationTargetException(attachApiError))).reason();
    }

    @Test
    void eachAttachApiFailureHasItsReason() {
        assertEquals(Reason.ATTACH_DISABLED, reasonOf(new AttachNotSupportedException("The VM does not support the attach mechanism")));
        assertEquals(Reason.TARGET_CANNOT_LOAD, reasonOf(new AgentLoadException("Failed to load agent library: instrument")));
        assertEquals(Reason.NO_SUCH_PROCESS, reasonOf(new IOException("No such process")));
        assertEquals(Reason.OTHER_USER, reasonOf(new IOException("Permission denied")));
        assertEquals(Reason.FAILED, reasonOf(new AttachNotSupportedException(
                "Unable to open socket file /proc/42/root/tmp/.java_pid42: target process 42 doesn't respond within 10500ms")));
        assertEquals(Reason.NO_ATTACH_API, AgentLoader.classify(42, new IllegalStateException("No compatible attachment provider is available")).reason());
    }

    @Test
    void aTargetThatRefusesDynamicAgentsIsToldHowToAllowThem() {
        AttachException e = AgentLoader.classify(42, new IllegalStateException("x", new InvocationTargetException(
                new AgentLoadException("Dynamic agent loading is not enabled. Use -XX:+EnableDynamicAgentLoading to launch target VM."))));
        assertEquals(Reason.TARGET_CANNOT_LOAD, e.reason());
        assertTrue(e.line().contains("restart it with -XX:+EnableDynamicAgentLoading"), e.line());
    }

    @Test
    void aCrossVersionReplyAfterALoadIsNotAFailure() {
        // a 9+ attach API reading a Java 8 target's reply, and Java 8's reading a 9+ target's
        assertTrue(AgentLoader.loadedButReplyMisread(new AgentLoadException("0")));
        assertTrue(AgentLoader.loadedButReplyMisread(new AgentLoadException("Failed to load agent library: 0")));
        assertTrue(!AgentLoader.loadedButReplyMisread(new AgentLoadException("Failed to load agent library: 100")));
        assertTrue(AgentLoader.loadedButReplyMisread(new IOException("Non-numeric value found - int expected")));
        assertTrue(!AgentLoader.loadedButReplyMisread(new AgentLoadException("Failed to load agent library: instrument")));
        assertTrue(!AgentLoader.loadedButReplyMisread(new AgentLoadException("100")));
        assertTrue(!AgentLoader.loadedButReplyMisread(new IOException("No such process")));
    }

    @Test
    void aRuntimeWithoutAttachApiIsToldWhatToInstall() {
        AttachException e = AgentLoader.classify(42, new IllegalStateException("No compatible attachment provider is available"));
        assertEquals(Reason.NO_ATTACH_API, e.reason());
        assertTrue(e.line().contains("apt-get install openjdk-"), e.line());
        assertTrue(e.line().contains("jdk.attach"), e.line());
    }
}
