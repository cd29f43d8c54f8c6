package io.opsagent.commands;

import io.opsagent.diag.ClassHistogram;
import io.opsagent.diag.DiagnosticCommand;
import io.opsagent.http.HttpError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code class-histogram}: the classes holding most heap, by shallow bytes. */
final class ClassHistogramCommand implements Command {
    static final int MAX_TOP = 1000;

    @Override
    public String name() {
        return "class-histogram";
    }

    @Override
    public String description() {
        return "the classes with most bytes on the heap (instances and shallow bytes); live=true runs a full GC first";
    }

    @Override
    public List<CommandArg> args() {
        return Arrays.asList(
                CommandArg.optional("top", CommandArg.Type.INTEGER, 20, "how many classes, 1 to " + MAX_TOP),
                CommandArg.optional("live", CommandArg.Type.BOOLEAN, true,
                        "count only reachable objects (costs a full GC); false counts garbage too and does not pause"));
    }

    @Override
    public Object run(CommandArgs args) {
        int top = args.integer("top");
        if (top < 1 || top > MAX_TOP) {
            throw CommandArgs.bad(this, "top=" + top + " is out of range 1.." + MAX_TOP);
        }
        boolean live = args.bool("live");
        ClassHistogram h;
        try {
            h = ClassHistogram.take(live);
        } catch (DiagnosticCommand.Unsupported e) {
            throw new HttpError(501, e.getMessage(), "this JVM cannot take a class histogram through the endpoint");
        }
        long bytes = 0;
        long instances = 0;
        for (ClassHistogram.Row r : h.rows) {
            bytes += r.bytes;
            instances += r.instances;
        }
        List<Map<String, Object>> rows = new ArrayList<Map<String, Object>>();
        for (ClassHistogram.Row r : h.rows.subList(0, Math.min(top, h.rows.size()))) {
            Map<String, Object> m = new LinkedHashMap<String, Object>();
            m.put("class", r.className);
            m.put("instances", r.instances);
            m.put("bytes", r.bytes);
            rows.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<String, Object>();
        out.put("command", name());
        out.put("live", live);
        out.put("classes", h.rows.size());
        out.put("totalInstances", instances);
        out.put("totalBytes", bytes);
        out.put("top", rows);
        return out;
    }
}
