package io.opsagent.commands;

import java.util.List;

/**
 * One maintenance command behind {@code POST /commands/<name>}. Commands are a closed, allow-listed
 * set: there is deliberately no way to run arbitrary code through the endpoint.
 */
public interface Command {
    String name();

    String description();

    List<CommandArg> args();

    /**
     * Runs the command with arguments already checked against {@link #args()}. A String answer is
     * sent as text, a {@link io.opsagent.http.Reply} as it is, anything else as JSON.
     */
    Object run(CommandArgs args) throws Exception;
}
