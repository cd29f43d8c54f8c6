package io.opsagent.info;

import io.opsagent.config.Keys;
import io.opsagent.core.AgentContext;
import io.opsagent.core.Feature;
import io.opsagent.http.Reply;
import io.opsagent.http.Request;
import io.opsagent.http.Role;
import io.opsagent.http.Route;
import io.opsagent.util.JvmInfo;
import io.opsagent.util.RandomHex;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.RuntimeMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /info}, {@code GET /memory} and {@code GET /selftest}. */
public final class InfoFeature implements Feature {
    private AgentContext ctx;
    private final String nonce = RandomHex.of(12);

    @Override
    public void start(AgentContext c) {
        this.ctx = c;
        c.scope().route(Route.get("/info", Role.MONITOR, "info", this::info));
        c.scope().route(Route.get("/memory", Role.MONITOR, "memory", this::memory));
        c.scope().route(Route.get("/selftest", Role.MONITOR, "selftest", this::selftest));
    }

    private Reply info(Request r) {
        RuntimeMXBean rt = ManagementFactory.getRuntimeMXBean();
        List<String> args = new ArrayList<String>();
        for (String a : rt.getInputArguments()) {
            args.add(SecretMasker.mask(a));
        }
        Map<String, Object> jvm = new LinkedHashMap<String, Object>();
        jvm.put("vendor", System.getProperty("java.vm.vendor"));
        jvm.put("name", System.getProperty("java.vm.name"));
        jvm.put("version", System.getProperty("java.runtime.version", System.getProperty("java.version")));
        jvm.put("feature", JvmInfo.featureVersion());
        jvm.put("home", System.getProperty("java.home"));
        jvm.put("mainCommand", SecretMasker.mask(String.valueOf(System.getProperty("sun.java.command", "")).split(" ")[0]));
        jvm.put("inputArguments", args);
        jvm.put("startTime", rt.getStartTime());
        jvm.put("uptimeMillis", rt.getUptime());
        jvm.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        Map<String, Object> out = new LinkedHashMap<String, Object>();
        out.put("agentVersion", JvmInfo.agentVersion());
        out.put("pid", JvmInfo.pid());
        out.put("attached", ctx.attachedHow());
        out.put("agentStartedMillis", ctx.startedMillis());
        out.put("dataDir", ctx.dataDir().toString());
        out.put("jvm", jvm);
        out.put("config", ctx.config().get().masked());
        return Reply.json(200, out);
    }

    private Reply memory(Request r) {
        Map<String, Object> out = new LinkedHashMap<String, Object>();
        out.put("heap", usage(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage()));
        out.put("nonHeap", usage(ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage()));
        List<Map<String, Object>> pools = new ArrayList<Map<String, Object>>();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            Map<String, Object> m = new LinkedHashMap<String, Object>();
            m.put("name", p.getName());
            m.put("type", p.getType() == java.lang.management.MemoryType.HEAP ? "heap" : "non-heap");
            m.put("usage", usage(p.getUsage()));
            MemoryUsage after = p.getCollectionUsage();
            if (after != null) {
                m.put("afterLastGc", usage(after));
            }
            pools.add(m);
        }
        out.put("pools", pools);
        return Reply.json(200, out);
    }

    private static Map<String, Object> usage(MemoryUsage u) {
        Map<String, Object> m = new LinkedHashMap<String, Object>();
        if (u == null) {
            return m;
        }
        m.put("used", u.getUsed());
        m.put("committed", u.getCommitted());
        m.put("max", u.getMax());
        m.put("init", u.getInit());
        return m;
    }

    private Reply selftest(Request r) {
        int status = ctx.config().get().get(Keys.SELFTEST_STATUS);
        Map<String, Object> out = new LinkedHashMap<String, Object>();
        out.put("status", status);
        out.put("nonce", nonce);
        out.put("pid", JvmInfo.pid());
        out.put("time", System.currentTimeMillis());
        return Reply.json(status, out);
    }
}
