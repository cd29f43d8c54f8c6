package io.opsagent.commands.logging;

/** A logging framework whose logger levels can be read and set by name. Levels travel as the framework's own names. */
public interface LoggingBackend {
    /** {@code jul}, {@code log4j2} or {@code logback}. */
    String name();

    /** The level set on the logger itself, or null when it inherits its parent's. */
    String level(String logger) throws Exception;

    /** The level in force, inherited or not. */
    String effectiveLevel(String logger) throws Exception;

    /** Sets the level; null makes the logger inherit again. */
    void setLevel(String logger, String level) throws Exception;

    /** The framework's name for a level given in any framework's words (WARN, WARNING, FINE, DEBUG, ...), or an exception saying what is allowed. */
    String normalize(String level);
}
