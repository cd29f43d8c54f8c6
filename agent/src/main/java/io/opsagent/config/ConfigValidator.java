package io.opsagent.config;

/** A feature's check of the keys it owns (e.g. {@code check.*}), run before a configuration is accepted. */
public interface ConfigValidator {
    void validate(AgentConfig candidate) throws ConfigException;
}
