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

    /** The feature version of the Java running the CLI (8, 11, 17...). */
    static int ownFeature() {
        String spec = System.getProperty("java.specification.version");
        return spec.startsWith("1.") ? Integer.parseInt(spec.substring(2)) : Integer.parseInt(spec.replaceAll("\\..*", ""));
    }

    static synchronized ByteBuddyAgent.AttachmentProvider.Accessor accessor() {
        if (accessor == null) {
            accessor = ByteBuddyAgent.AttachmentProvider.DEFAULT.attempt();
        }
        return accessor;
    }
}
