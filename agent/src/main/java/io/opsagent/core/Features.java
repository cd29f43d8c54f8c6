package io.opsagent.core;

import io.opsagent.commands.CommandsFeature;
import io.opsagent.dashboard.DashboardFeature;
import io.opsagent.gc.GcFeature;
import io.opsagent.health.HealthFeature;
import io.opsagent.heap.HeapFeature;
import io.opsagent.info.InfoFeature;
import io.opsagent.jfr.JfrFeature;
import io.opsagent.leak.LeakFeature;
import io.opsagent.metrics.MetricsFeature;
import io.opsagent.profile.ProfileFeature;
import io.opsagent.threads.ThreadsFeature;
import java.util.ArrayList;
import java.util.List;

/** Where every feature is registered; they start in this order and stop in reverse. */
final class Features {
    private Features() {
    }

    static List<Feature> all() {
        List<Feature> all = new ArrayList<Feature>();
        all.add(new InfoFeature());
        all.add(new GcFeature());
        all.add(new HealthFeature());
        ProfileFeature profile = new ProfileFeature();
        all.add(new LeakFeature(profile.sites()));
        all.add(new MetricsFeature());
        all.add(new HeapFeature());
        ThreadsFeature threads = new ThreadsFeature();
        all.add(threads);
        all.add(new CommandsFeature(threads.dumps()));
        all.add(new DashboardFeature());
        all.add(profile);
        all.add(new JfrFeature());
        return all;
    }
}
