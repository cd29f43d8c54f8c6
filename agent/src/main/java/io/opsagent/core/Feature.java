package io.opsagent.core;

/**
 * One capability of the agent (health, heap dumps, leaks, ...). It registers its routes, metrics
 * and listeners in {@link #start} and removes everything it started in {@link #stop}, so that a
 * stop followed by a new attach leaves nothing behind.
 */
public interface Feature {
    void start(AgentContext ctx) throws Exception;

    void stop();
}
