package io.opsagent.commands;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import io.opsagent.http.HttpError;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code vm-flag}: read any HotSpot flag; set only the manageable ones, which the JVM itself allows
 * to change at run time (e.g. {@code HeapDumpOnOutOfMemoryError}, {@code HeapDumpPath}).
 */
final class VmFlagCommand implements Command {
    @Override
    public String name() {
        return "vm-flag";
    }

    @Override
    public String description() {
        return "read a JVM flag, or set a manageable one (e.g. HeapDumpOnOutOfMemoryError, HeapDumpPath)";
    }

    @Override
    public List<CommandArg> args() {
        return Arrays.asList(
                CommandArg.required("name", CommandArg.Type.STRING, "the flag, e.g. HeapDumpOnOutOfMemoryError"),
                CommandArg.optional("value", CommandArg.Type.STRING, null, "the new value (a manageable flag only); absent = read"));
    }

    @Override
    public Object run(CommandArgs args) {
        HotSpotDiagnosticMXBean bean = bean();
        String name = args.string("name");
        VMOption before = option(bean, name);
        String value = args.string("value");
        Map<String, Object> out = new LinkedHashMap<String, Object>();
        out.put("command", name());
        out.put("name", name);
        if (value == null) {
            out.put("value", before.getValue());
            out.put("origin", before.getOrigin().toString());
            out.put("manageable", before.isWriteable());
            return out;
        }
        if (!before.isWriteable()) {
            throw HttpError.badRequest("flag " + name + " is not manageable: the JVM only reads it at start-up",
                    "set it on the command line (-XX:) at the next start; flags settable now: " + manageable(bean))
                    .with("manageable", manageableList(bean));
        }
        try {
            bean.setVMOption(name, value);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("flag " + name + " does not take the value '" + value + "': " + e.getMessage(),
                    "the current value is " + before.getValue() + "; give a value of the same kind");
        }
        out.put("oldValue", before.getValue());
        out.put("value", option(bean, name).getValue());
        out.put("origin", option(bean, name).getOrigin().toString());
        return out;
    }

    private static VMOption option(HotSpotDiagnosticMXBean bean, String name) {
        try {
            return bean.getVMOption(name);
        } catch (IllegalArgumentException e) {
            throw HttpError.notFound("this JVM has no flag named '" + name + "'",
                    "flag names are case-sensitive, without -XX: (e.g. HeapDumpOnOutOfMemoryError); see jcmd VM.flags -all");
        }
    }

    private static List<String> manageableList(HotSpotDiagnosticMXBean bean) {
        List<String> out = new ArrayList<String>();
        for (VMOption o : bean.getDiagnosticOptions()) {
            if (o.isWriteable()) {
                out.add(o.getName());
            }
        }
        return out;
    }

    private static String manageable(HotSpotDiagnosticMXBean bean) {
        return String.join(", ", manageableList(bean));
    }

    private static HotSpotDiagnosticMXBean bean() {
        try {
            HotSpotDiagnosticMXBean b = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (b != null) {
                return b;
            }
        } catch (LinkageError | IllegalArgumentException e) {
            // not a HotSpot-family JVM: fall through to the 501 below
        }
        throw new HttpError(501, "this JVM (" + System.getProperty("java.vm.name") + ") has no HotSpotDiagnosticMXBean",
                "read and set flags with the JVM vendor's own tools");
    }
}
