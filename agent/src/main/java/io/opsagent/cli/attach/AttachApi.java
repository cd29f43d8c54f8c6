package io.opsagent.cli.attach;

import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * The attach API of the Java running the CLI, found once. On Java 8 each look-up loads tools.jar in a class
 * loader of its own, and the JVM lets only one class loader load libattach.so: a second look-up in the same
 * process (a properties query, then the load) fails with UnsatisfiedLinkError.
 */
final class AttachApi {
    private static ByteBuddyAgent.AttachmentProvider.Accessor accessor;

    static final ByteBuddyAgent.AttachmentProvider PROVIDER = new ByteBuddyAgent.AttachmentProvider() {
        @Override
        public Accessor attempt() {
            return accessor();
        }
    };

    private AttachApi() {
    }

    static synchronized ByteBuddyAgent.AttachmentProvider.Accessor accessor() {
        if (accessor == null) {
            accessor = ByteBuddyAgent.AttachmentProvider.DEFAULT.attempt();
        }
        return accessor;
    }
}
