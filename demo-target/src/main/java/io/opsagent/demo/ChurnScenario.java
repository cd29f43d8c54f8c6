package io.opsagent.demo;

import java.util.Map;

/** Garbage churn over a steady working set: the heap saw-tooths but its floor stays flat. */
final class ChurnScenario implements Scenario {
    /** Sink so the JIT cannot drop the allocations. */
    static volatile Object sink;
    private Ticker ticker;
    private byte[][] workingSet;

    static void garbage(long bytes) {
        for (long done = 0; done < bytes; done += 10_000) {
            sink = new byte[10_000];
        }
    }

    @Override
    public String start(Map<String, String> p) {
        long rate = Scenario.param(p, "bytesPerSecond", 50_000_000);
        long working = Scenario.param(p, "workingSetBytes", 20_000_000);
        workingSet = new byte[(int) Math.max(1, working / 100_000)][];
        for (int i = 0; i < workingSet.length; i++) {
            workingSet[i] = new byte[100_000];
        }
        final long perTick = rate / 50;
        // Replaced working-set slots live long enough to be tenured and die old: that is what makes
        // old-generation collections (and so leak floors) come often.
        final long slotsPerTick = Math.max(1, Scenario.param(p, "turnoverPerSecond", 5_000_000) / 50 / 100_000);
        final int[] slot = {0};
        ticker = new Ticker("demo-churn", 20, () -> {
            garbage(perTick);
            for (int i = 0; i < slotsPerTick; i++) {
                workingSet[slot[0]++ % workingSet.length] = new byte[100_000];
            }
        });
        return "churning " + rate + " bytes/s over a " + working + " byte working set";
    }

    @Override
    public void stop() {
        ticker.stop();
        workingSet = null;
    }
}
