package io.opsagent.commands;

import io.opsagent.threads.ThreadDumps;
import java.util.Arrays;
import java.util.List;

/** {@code thread-dump}: the same answer as {@code GET /threads}, for the console and scripts that POST. */
final class ThreadDumpCommand implements Command {
    private final ThreadDumps dumps;

    ThreadDumpCommand(ThreadDumps dumps) {
        this.dumps = dumps;
    }

    @Override
    public String name() {
        return "thread-dump";
    }

    @Override
    public String description() {
        return "a thread dump, as GET /threads: jstack text (deadlocks summarised first) or JSON, optionally the top N by CPU";
    }

    @Override
    public List<CommandArg> args() {
        return Arrays.asList(
                CommandArg.optional("format", CommandArg.Type.STRING, "jstack", "jstack or json"),
                CommandArg.optional("top", CommandArg.Type.INTEGER, null,
                        "only the N threads that used most CPU since the previous top request"));
    }

    @Override
    public Object run(CommandArgs args) {
        String format = args.string("format");
        if (!format.equals("jstack") && !format.equals("json")) {
            throw CommandArgs.bad(this, "format '" + format + "' is not known: use jstack or json");
        }
        return dumps.answer(format.equals("json"), args.integer("top"));
    }
}
