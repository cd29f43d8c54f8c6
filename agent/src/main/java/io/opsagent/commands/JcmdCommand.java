package io.opsagent.commands;

import io.opsagent.config.Keys;
import io.opsagent.config.LiveConfig;
import io.opsagent.diag.DiagnosticCommand;
import io.opsagent.http.HttpError;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code jcmd}: a diagnostic command from {@code commands.jcmd.allow} only. Anything else is refused
 * before it reaches the JVM: commands such as {@code GC.heap_dump} (writes any path) or
 * {@code JVMTI.agent_load} (runs code) are exactly what an allow list exists to keep out.
 */
final class JcmdCommand implements Command {
    /** jcmd names: {@code VM.flags}, {@code GC.class_histogram}, {@code Compiler.codecache}. */
    static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)*");
    static final int MAX_ARGS = 16;

    private final LiveConfig config;

    JcmdCommand(LiveConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "jcmd";
    }

    @Override
    public String description() {
        return "run an allow-listed diagnostic command (commands.jcmd.allow) with its arguments";
    }

    @Override
    public List<CommandArg> args() {
        return Arrays.asList(
                CommandArg.required("command", CommandArg.Type.STRING, "the diagnostic command, one of commands.jcmd.allow"),
                CommandArg.optional("args", CommandArg.Type.STRINGS, null, "its arguments, e.g. [\"-all\"]"));
    }

    @Override
    public Object run(CommandArgs args) {
        String command = args.string("command");
        List<String> allowed = config.get().get(Keys.JCMD_ALLOW);
        if (!allowed.contains(command)) {
            throw new HttpError(403, "the diagnostic command '" + command + "' is not allowed here",
                    "use one of " + String.join(", ", allowed) + ", or add it to commands.jcmd.allow").with("allowed", allowed);
        }
        List<String> params = args.strings("args");
        if (params.size() > MAX_ARGS) {
            throw CommandArgs.bad(this, "at most " + MAX_ARGS + " arguments");
        }
        for (String p : params) {
            // The MBean joins the arguments into one command line: a line break could smuggle in a second command.
            for (int i = 0; i < p.length(); i++) {
                if (p.charAt(i) < 0x20 || p.charAt(i) == 0x7f) {
                    throw CommandArgs.bad(this, "argument '" + p.replaceAll("\\p{Cntrl}", "?") + "' holds a control character");
                }
            }
        }
        String output;
        try {
            output = DiagnosticCommand.run(command, params.toArray(new String[0]));
        } catch (DiagnosticCommand.Unsupported e) {
            throw new HttpError(501, e.getMessage(), "this JVM cannot run " + command + " through the endpoint");
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage(), "check the arguments with: jcmd <pid> help " + command);
        }
        Map<String, Object> out = new LinkedHashMap<String, Object>();
        out.put("command", command);
        out.put("args", params);
        out.put("output", output);
        return out;
    }
}
