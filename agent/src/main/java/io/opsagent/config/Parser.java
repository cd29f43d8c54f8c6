package io.opsagent.config;

/** Turns the text of one key into a typed value, or says what is allowed. */
public interface Parser<T> {
    /** @throws IllegalArgumentException with a message saying what is allowed */
    T parse(String text);
}
