package io.opsagent.commands;

import io.opsagent.config.AgentConfig;
import io.opsagent.config.ConfigException;
import io.opsagent.config.ConfigValidator;
import io.opsagent.config.Keys;
import io.opsagent.core.AgentContext;
import io.opsagent.core.Feature;
import io.opsagent.http.HttpError;
import io.opsagent.http.Reply;
import io.opsagent.http.Request;
import io.opsagent.http.Role;
import io.opsagent.http.Route;
import io.opsagent.threads.ThreadDumps;
import io.opsagent.util.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /commands} lists the maintenance commands; {@code POST /commands/<name>} runs one, audited. */
public final class CommandsFeature implements Feature {
    private final ThreadDumps dumps;
    private final Map<String, Command> commands = new LinkedHashMap<String, Command>();
    private AgentContext ctx;

    public CommandsFeature(ThreadDumps dumps) {
        this.dumps = dumps;
    }

    @Override
    public void start(AgentContext c) throws ConfigException {
        this.ctx = c;
        c.scope().validator(new ConfigValidator() {
            @Override
            public void validate(AgentConfig candidate) throws ConfigException {
                for (String name : candidate.get(Keys.JCMD_ALLOW)) {
                    if (!JcmdCommand.NAME.matcher(name).matches()) {
                        throw new ConfigException(Keys.JCMD_ALLOW.name(), "'" + name
                                + "' is not a diagnostic command name; use names as jcmd lists them, e.g. VM.flags,GC.class_histogram");
                    }
                }
            }
        });
        LogLevelCommand logLevel = new LogLevelCommand(c.instrumentation(), c.scheduler());
        c.scope().onClose(logLevel::stop);
        add(new GcCommand());
        add(new ClassHistogramCommand());
        add(new VmFlagCommand());
        add(logLevel);
        add(new JcmdCommand(c.config()));
        add(new ThreadDumpCommand(dumps));
        c.scope().route(Route.get("/commands", Role.MONITOR, "commands", this::list));
        c.scope().route(Route.post("/commands/{name}", Role.OPERATOR, "commands", this::run));
    }

    private void add(Command cmd) {
        commands.put(cmd.name(), cmd);
    }

    private Reply list(Request r) {
        List<Map<String, Object>> out = new ArrayList<Map<String, Object>>();
        for (Command cmd : commands.values()) {
            out.add(describe(cmd));
        }
        Map<String, Object> body = new LinkedHashMap<String, Object>();
        body.put("commands", out);
        body.put("jcmdAllowed", ctx.config().get().get(Keys.JCMD_ALLOW));
        return Reply.json(200, body);
    }

    private static Map<String, Object> describe(Command cmd) {
        Map<String, Object> m = new LinkedHashMap<String, Object>();
        m.put("name", cmd.name());
        m.put("description", cmd.description());
        m.put("method", "POST");
        m.put("path", "/commands/" + cmd.name());
        m.put("role", Role.OPERATOR.label());
        List<Object> args = new ArrayList<Object>();
        for (CommandArg a : cmd.args()) {
            args.add(a.describe());
        }
        m.put("arguments", args);
        return m;
    }

    private Reply run(Request r) throws Exception {
        String name = r.pathParam("name");
        Command cmd = commands.get(name);
        if (cmd == null) {
            r.auditDetail("unknown command " + name);
            throw HttpError.notFound("there is no command '" + name + "'", "use one of " + String.join(", ", commands.keySet()))
                    .with("commands", new ArrayList<String>(commands.keySet()));
        }
        String body = r.bodyText();
        r.auditDetail("command=" + name + " body=" + abbreviate(body));
        CommandArgs args = CommandArgs.parse(body, cmd);
        r.auditDetail("command=" + name + " args=" + Json.toJson(args.asMap()));
        Object result = cmd.run(args);
        if (result instanceof Reply) {
            return (Reply) result;
        }
        if (result instanceof CharSequence) {
            return Reply.text(200, result.toString());
        }
        return Reply.json(200, result);
    }

    private static String abbreviate(String s) {
        String flat = s.replaceAll("\\p{Cntrl}", " ");
        return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
    }
}
