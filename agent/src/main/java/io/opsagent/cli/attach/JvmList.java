package io.opsagent.cli.attach;

import io.opsagent.util.JvmInfo;
import java.io.File;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * {@code opsagent list}: the JVMs this user can see, as the attach API lists them (what {@code jps}
 * shows), plus JVMs in other mount namespaces (containers, whose perf data the attach API cannot see)
 * from {@code /proc}, and for each the agent's URL from its discovery file, found as {@link AgentFiles}
 * finds it. To list, the CLI reads files only and attaches to no JVM: asking each one for its properties
 * would disturb every JVM on the host, and can kill one still starting.
 */
public final class JvmList {
    private static final Pattern DISCOVERY = Pattern.compile("opsagent-(\\d+)\\.json");
    private static final Pattern PID = Pattern.compile("\\d+");

    /** One JVM: its pid, main class or jar (with arguments), and the agent URL or null. */
    public static final class Entry {
        public final long pid;
        public final String main;
        public final String agentUrl;
        /** The JVM's version as its agent's discovery file names it; null without an agent or from an older one. */
        public final String javaVersion;

        Entry(long pid, String main, String agentUrl, String javaVersion) {
            this.pid = pid;
            this.main = main;
            this.agentUrl = agentUrl;
            this.javaVersion = javaVersion;
        }
    }

    private JvmList() {
    }

    public static List<Entry> list() {
        Map<Long, String> jvms = fromAttachApi();
        if (jvms == null) {
            jvms = fromPerfData();
        }
        addDiscovered(jvms);
        addOtherNamespaces(jvms);
        jvms.remove(JvmInfo.pid());
        List<Entry> out = new ArrayList<Entry>();
        for (Map.Entry<Long, String> e : jvms.entrySet()) {
            LiveAgent agent = AgentFiles.of(TargetProcess.of(e.getKey()), null).live();
            out.add(new Entry(e.getKey(), e.getValue(), agent == null ? null : agent.url, agent == null ? null : agent.javaVersion));
        }
        return out;
    }

    /** pid → display name (main class or jar and arguments), or null when this Java has no attach API. */
    private static Map<Long, String> fromAttachApi() {
        try {
            ByteBuddyAgent.AttachmentProvider.Accessor a = AttachApi.accessor();
            if (!a.isAvailable()) {
                return null;
            }
            Map<Long, String> out = new TreeMap<Long, String>();
            for (Object vm : (List<?>) a.getVirtualMachineType().getMethod("list").invoke(null)) {
                Method id = vm.getClass().getMethod("id");
                Method name = vm.getClass().getMethod("displayName");
                String pid = String.valueOf(id.invoke(vm));
                if (PID.matcher(pid).matches()) {
                    out.put(Long.parseLong(pid), String.valueOf(name.invoke(vm)));
                }
            }
            return out;
        } catch (Exception | LinkageError e) {
            return null;
        }
    }

    /** Every {@code <tmp>/hsperfdata_<user>/<pid>} we can read whose process is alive. */
    private static Map<Long, String> fromPerfData() {
        Map<Long, String> out = new TreeMap<Long, String>();
        File[] dirs = new File(JvmInfo.tmpDir()).listFiles();
        for (File dir : dirs == null ? new File[0] : dirs) {
            String[] pids = dir.getName().startsWith("hsperfdata_") ? dir.list() : null;
            for (String pid : pids == null ? new String[0] : pids) {
                if (PID.matcher(pid).matches() && TargetProcess.of(Long.parseLong(pid)).alive()) {
                    out.put(Long.parseLong(pid), MainClass.of(TargetProcess.of(Long.parseLong(pid)).cmdline()));
                }
            }
        }
        return out;
    }

    /** JVMs in another mount namespace than ours, which keep their perf data in their own /tmp. */
    private static void addOtherNamespaces(Map<Long, String> jvms) {
        if (!TargetProcess.procAvailable()) {
            return;
        }
        String[] pids = new File("/proc").list();
        for (String pid : pids == null ? new String[0] : pids) {
            if (PID.matcher(pid).matches() && !jvms.containsKey(Long.parseLong(pid))) {
                TargetProcess p = TargetProcess.of(Long.parseLong(pid));
                if (p.otherMountNamespace() && Boolean.TRUE.equals(p.isJvm())) {
                    jvms.put(p.pid(), MainClass.of(p.cmdline()));
                }
            }
        }
    }

    /** JVMs without perf data (-XX:-UsePerfData) still show up if they run the agent. */
    private static void addDiscovered(Map<Long, String> jvms) {
        String[] names = new File(JvmInfo.tmpDir()).list();
        for (String n : names == null ? new String[0] : names) {
            Matcher m = DISCOVERY.matcher(n);
            if (m.matches() && !jvms.containsKey(Long.parseLong(m.group(1)))) {
                TargetProcess p = TargetProcess.of(Long.parseLong(m.group(1)));
                if (TargetProcess.procAvailable() && p.alive()) {
                    jvms.put(p.pid(), MainClass.of(p.cmdline()));
                }
            }
        }
    }
}
