package io.opsagent.core;

/**
 * One capability of the agent (health, heap dumps, leaks, ...). It registers its routes, metrics,
 * listeners, tasks and threads in {@link #start} through {@link AgentContext#scope()}; the agent
 * closes that scope in reverse order when it stops, or as soon as {@code start} throws, so that a
 * stop followed by a new attach leaves nothing behind.
 */
public interface Feature {
    void start(AgentContext ctx) throws Exception;

    /** Only for what a scope cannot know; runs before the feature's scope closes. */
    default void stop() {
    }
}
