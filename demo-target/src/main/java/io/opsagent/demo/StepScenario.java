package io.opsagent.demo;

import java.util.Map;

/** A one-off step: {@code bytes} retained at once (a config load, a warm-up), then steady garbage. Not a leak. */
final class StepScenario implements Scenario {
    static byte[][] retained;
    private Ticker ticker;

    @Override
    public String start(Map<String, String> p) {
        long bytes = Scenario.param(p, "bytes", 30_000_000);
        retained = new byte[(int) Math.max(1, bytes / 100_000)][100_000];
        long garbage = Scenario.param(p, "garbagePerSecond", 20_000_000) / 50;
        ticker = new Ticker("demo-step", 20, () -> ChurnScenario.garbage(garbage));
        return "retained " + bytes + " bytes once";
    }

    @Override
    public void stop() {
        ticker.stop();
        retained = null;
    }
}
