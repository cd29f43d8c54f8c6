package io.opsagent.demo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** The scenarios by name; each request to start one makes a fresh instance. */
final class Scenarios {
    private Scenarios() {
    }

    static Map<String, Callable<Scenario>> all() {
        Map<String, Callable<Scenario>> m = new LinkedHashMap<String, Callable<Scenario>>();
        m.put("leak", LeakScenario::new);
        m.put("churn", ChurnScenario::new);
        m.put("cache", CacheScenario::new);
        m.put("step", StepScenario::new);
        m.put("fill", FillScenario::new);
        m.put("deadlock", DeadlockScenario::new);
        m.put("busy", BusyScenario::new);
        m.put("h2", H2Scenario::new);
        return m;
    }
}
