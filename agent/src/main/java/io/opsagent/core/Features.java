package io.opsagent.core;

import io.opsagent.gc.GcFeature;
import io.opsagent.health.LiveFeature;
import io.opsagent.info.InfoFeature;
import io.opsagent.leak.LeakFeature;
import io.opsagent.metrics.MetricsFeature;
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
        all.add(new LiveFeature());
        all.add(new LeakFeature());
        all.add(new MetricsFeature());
        return all;
    }
}
