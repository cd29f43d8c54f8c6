package io.opsagent.demo;

import java.util.LinkedHashMap;
import java.util.Map;

/** A cache that warms up to {@code maxBytes} at {@code bytesPerSecond} and then plateaus (LRU eviction): not a leak. */
final class CacheScenario implements Scenario {
    private Ticker ticker;
    private Map<Long, DemoCacheEntry> cache;

    @Override
    public String start(Map<String, String> p) {
        long rate = Scenario.param(p, "bytesPerSecond", 500_000);
        final long max = Scenario.param(p, "maxBytes", 30_000_000);
        final int entry = 1_000;
        final int maxEntries = (int) (max / entry);
        final long perTick = Math.max(1, rate / 50 / entry);
        long garbage = Scenario.param(p, "garbagePerSecond", 20_000_000) / 50;
        cache = new LinkedHashMap<Long, DemoCacheEntry>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, DemoCacheEntry> eldest) {
                return size() > maxEntries;
            }
        };
        final long[] key = {0};
        ticker = new Ticker("demo-cache", 20, () -> {
            for (int i = 0; i < perTick; i++) {
                cache.put(key[0]++, new DemoCacheEntry(entry));
            }
            ChurnScenario.garbage(garbage);
        });
        return "cache warming to " + max + " bytes";
    }

    @Override
    public void stop() {
        ticker.stop();
        cache = null;
    }
}
