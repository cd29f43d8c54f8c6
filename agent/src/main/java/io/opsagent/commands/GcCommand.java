package io.opsagent.commands;

import io.opsagent.util.JvmInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code gc}: a full collection ({@code System.gc()}), with heap use before and after. */
final class GcCommand implements Command {
    @Override
    public String name() {
        return "gc";
    }

    @Override
    public String description() {
        return "run a full garbage collection (System.gc) and report heap use before and after; a stop-the-world pause";
    }

    @Override
    public List<CommandArg> args() {
        return Collections.emptyList();
    }

    @Override
    public Object run(CommandArgs args) {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        MemoryUsage before = mem.getHeapMemoryUsage();
        long countBefore = JvmInfo.gcCount();
        long t0 = System.nanoTime();
        mem.gc();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        MemoryUsage after = mem.getHeapMemoryUsage();
        Map<String, Object> out = new LinkedHashMap<String, Object>();
        out.put("command", name());
        out.put("durationMillis", millis);
        out.put("heapUsedBefore", before.getUsed());
        out.put("heapUsedAfter", after.getUsed());
        out.put("freedBytes", Math.max(0, before.getUsed() - after.getUsed()));
        out.put("heapCommitted", after.getCommitted());
        out.put("heapMax", after.getMax());
        out.put("collections", JvmInfo.gcCount() - countBefore);
        if (JvmInfo.gcCount() == countBefore) {
            // -XX:+DisableExplicitGC turns System.gc() into a no-op; say so rather than report "freed 0".
            out.put("note", "no collection ran: explicit GC is probably disabled (-XX:+DisableExplicitGC)");
        }
        return out;
    }
}
