package io.opsagent.profile.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opsagent.jfr.JfrReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConstructionSamplesTest {
    static class Base {
    }

    static final class Order extends Base {
        final int n;

        Order(int n) {
            this.n = n;
        }
    }

    static final class SpecialOrder extends Base {
    }

    private static StackTraceElement at(String cls, String method, int line) {
        return new StackTraceElement(cls, method, cls.substring(cls.lastIndexOf('.') + 1) + ".java", line);
    }

    private static final Set<String> HIERARCHY = new HashSet<String>(Arrays.asList("com.acme.Order", "com.acme.Entity", "java.lang.Object"));

    @Test
    void framesStartAtTheCallerOfNew() {
        StackTraceElement[] stack = {
            at(ConstructionSamples.class.getName(), "constructed", 55),
            at(ConstructionRecorder.class.getName(), "constructed", 20),
            at("com.acme.Order", "<init>", 12),
            at("com.acme.Cache", "put", 42),
            at("com.acme.Api", "handle", 10),
        };
        StackTraceElement[] frames = ConstructionSamples.callerFrames(stack, HIERARCHY, 8);
        assertEquals(2, frames.length);
        assertEquals("put", frames[0].getMethodName());
        assertEquals(42, frames[0].getLineNumber());
        assertEquals(1, ConstructionSamples.callerFrames(stack, HIERARCHY, 1).length, "bounded depth");
    }

    @Test
    void aConstructorChainedWithThisIsReportedOnceByItsOuterConstructor() {
        StackTraceElement[] inner = {
            at(ConstructionRecorder.class.getName(), "constructed", 20),
            at("com.acme.Order", "<init>", 12),
            at("com.acme.Order", "<init>", 8),
            at("com.acme.Cache", "put", 42),
        };
        assertNull(ConstructionSamples.callerFrames(inner, HIERARCHY, 8));
        StackTraceElement[] viaSuper = {
            at(ConstructionRecorder.class.getName(), "constructed", 20),
            at("com.acme.Order", "<init>", 12),
            at("com.acme.Entity", "<init>", 5),
            at("com.acme.Cache", "put", 42),
        };
        assertEquals("com.acme.Cache", ConstructionSamples.callerFrames(viaSuper, HIERARCHY, 8)[0].getClassName(),
                "constructor frames of the superclasses are skipped too");
        StackTraceElement[] otherInit = {
            at(ConstructionRecorder.class.getName(), "constructed", 20),
            at("com.acme.Order", "<init>", 12),
            at("com.acme.Invoice", "<init>", 30),
        };
        assertEquals("com.acme.Invoice", ConstructionSamples.callerFrames(otherInit, HIERARCHY, 8)[0].getClassName(),
                "another class's constructor that builds an Order is the site");
    }

    private static Order build(int n) {
        return new Order(n);
    }

    /** What an instrumented constructor would do, from a known line of this file. */
    private static Order buildAndRecord(ConstructionSamples samples, int n) {
        Order o = build(n);
        samples.constructed(o);
        return o;
    }

    @Test
    @SuppressWarnings("unchecked")
    void survivingSamplesAreGroupedByTheirCallerWithFileAndLine() {
        ConstructionSamples samples = new ConstructionSamples(new Class<?>[] {Order.class}, 64);
        List<Object> kept = new ArrayList<Object>();
        for (int i = 0; i < 10; i++) {
            kept.add(buildAndRecord(samples, i));
        }
        samples.constructed(new SpecialOrder());
        assertEquals(10, samples.seen(), "a subclass built through Base is not an Order");
        SiteReport r = new SiteReport(Order.class.getName(), ConstructorSampler.ENGINE, 0, 1000);
        for (ConstructionSamples.Survivor s : samples.survivors()) {
            r.offer(Order.class.getName(), s.frames, 16, -1);
        }
        assertEquals(10, r.matched);
        Map<String, Object> top = ((List<Map<String, Object>>) r.toJson().get("sites")).get(0);
        assertEquals(10, top.get("samples"));
        Map<String, Object> frame = ((List<Map<String, Object>>) top.get("frames")).get(0);
        // the recorder is called here, not from the constructor, so the frame below it is this helper
        assertEquals(ConstructionSamplesTest.class.getName() + ".buildAndRecord", frame.get("method"));
        assertEquals("ConstructionSamplesTest.java", frame.get("file"));
        assertTrue((Integer) frame.get("line") > 0, frame.toString());
        assertEquals(10, kept.size());
    }

    @Test
    void aFullTableHalvesTheRateAndStaysAnEvenSample() {
        ConstructionSamples samples = new ConstructionSamples(new Class<?>[] {Order.class}, 64);
        List<Order> kept = new ArrayList<Order>();
        for (int i = 0; i < 20_000; i++) {
            Order o = new Order(i);
            kept.add(o);
            samples.constructed(o);
        }
        assertEquals(20_000, samples.seen());
        assertTrue(samples.kept() <= 64, "bounded: " + samples.kept());
        assertTrue(samples.every() >= 128, "the rate fell as constructions went on: 1 in " + samples.every());
        assertTrue(samples.captured() < 2_000, "stacks were captured only for sampled constructions: " + samples.captured());
        int late = 0;
        List<ConstructionSamples.Survivor> survivors = samples.survivors();
        for (ConstructionSamples.Survivor s : survivors) {
            late += ((Order) s.object).n >= 10_000 ? 1 : 0;
        }
        double share = (double) late / survivors.size();
        assertTrue(survivors.size() >= 16 && share > 0.15 && share < 0.85,
                "both halves of the window are in the sample: " + late + " late of " + survivors.size());
    }

    @Test
    void clearedSamplesMakeRoomBeforeTheRateHalves() {
        ConstructionSamples samples = new ConstructionSamples(new Class<?>[] {Order.class}, 64);
        for (int i = 0; i < 64; i++) {
            samples.constructed(new Order(i));
        }
        System.gc();
        Order survivor = new Order(-1);
        samples.constructed(survivor);
        List<ConstructionSamples.Survivor> live = samples.survivors();
        assertEquals(1, samples.every(), "garbage was dropped, the rate stays 1 in 1");
        assertTrue(live.size() <= 2 && live.get(live.size() - 1).object == survivor, "only what is still reachable: " + live.size());
        List<JfrReader.Frame> frames = live.get(live.size() - 1).frames;
        assertEquals("clearedSamplesMakeRoomBeforeTheRateHalves", frames.get(0).method);
    }
}
