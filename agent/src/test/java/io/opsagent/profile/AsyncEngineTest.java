package io.opsagent.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Paths;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AsyncEngineTest {
    private static String sampler(String... available) {
        final Set<String> ok = new HashSet<String>(Arrays.asList(available));
        return AsyncEngine.cpuSampler(ok::contains);
    }

    @Test
    void cpuFallsBackFromPerfEventsToCtimerToItimer() {
        assertEquals("perf_events", sampler("cpu", "ctimer", "itimer"));
        assertEquals("ctimer", sampler("ctimer", "itimer"), "a container without perf events");
        assertEquals("itimer", sampler(), "neither perf events nor timer_create per thread");
    }

    @Test
    void startCommandsNameTheEngineAndItsInterval() {
        ProfileSpec cpu = new ProfileSpec("cpu", 30_000, 10_000_000, false, "html");
        assertEquals("start,event=cpu,interval=10000000", AsyncEngine.startCommand(cpu, "perf_events", null));
        assertEquals("start,event=ctimer,interval=10000000", AsyncEngine.startCommand(cpu, "ctimer", null));
        ProfileSpec alloc = new ProfileSpec("alloc", 30_000, 524288, true, "jfr");
        assertEquals("start,event=alloc,alloc=524288,threads,jfr,file=/tmp/p.jfr", AsyncEngine.startCommand(alloc, "alloc", Paths.get("/tmp/p.jfr")));
        ProfileSpec lock = new ProfileSpec("lock", 30_000, 10_000, false, "collapsed");
        assertEquals("start,event=lock,lock=10000", AsyncEngine.startCommand(lock, "lock", null));
    }
}
