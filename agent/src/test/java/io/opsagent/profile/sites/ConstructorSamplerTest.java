package io.opsagent.profile.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The constructor sampler against this JVM, instrumented through Byte Buddy's self-attach. */
class ConstructorSamplerTest {
    private static Instrumentation inst;

    static final class Leaky {
        final byte[] payload = new byte[100];
        final long at;

        Leaky(long at) {
            this.at = at;
        }

        Leaky() {
            this(System.nanoTime());
        }
    }

    abstract static class Shape {
    }

    @BeforeAll
    static void attach() {
        inst = ByteBuddyAgent.install();
        new Leaky(0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSurvivorsSitesAreReportedAndTheClassIsRestored() throws Exception {
        assertEquals(null, ConstructorSampler.unavailable(inst));
        StringBuilder why = new StringBuilder();
        List<Class<?>> targets = ConstructorSampler.instrumentable(inst, Leaky.class.getName(), why);
        assertEquals(1, targets.size(), why.toString());
        final List<Leaky> kept = new ArrayList<Leaky>();
        final AtomicBoolean stop = new AtomicBoolean();
        Thread app = new Thread(() -> {
            while (!stop.get()) {
                leak(kept);
            }
        });
        app.start();
        SiteReport report;
        try {
            report = ConstructorSampler.sample(inst, Leaky.class.getName(), targets, 1500, new AtomicBoolean(), "test");
        } finally {
            stop.set(true);
            app.join();
        }
        Map<String, Object> json = report.toJson();
        System.out.println("constructor sampling: " + json);
        Map<String, Object> cost = (Map<String, Object>) json.get("cost");
        assertEquals(true, cost.get("instrumentationRemoved"), json.toString());
        assertTrue((Long) cost.get("constructionsSeen") > 0, json.toString());
        assertTrue(report.matched > 0, json.toString());
        Map<String, Object> top = ((List<Map<String, Object>>) json.get("sites")).get(0);
        Map<String, Object> frame = ((List<Map<String, Object>>) top.get("frames")).get(0);
        assertEquals(ConstructorSamplerTest.class.getName() + ".leak", frame.get("method"), json.toString());
        assertEquals(leakLine, frame.get("line"), "the line of new Leaky(), one object per chained constructor: " + json);
        assertEquals(1.0, top.get("share"), "the this(...) chain is not a second site: " + json);

        ConstructionSamples after = new ConstructionSamples(new Class<?>[] {Leaky.class}, 16);
        ConstructionRecorder.open(after);
        try {
            new Leaky();
        } finally {
            ConstructionRecorder.close();
        }
        assertEquals(0, after.seen(), "the constructors no longer call the recorder");
    }

    private static volatile int leakLine;

    private static void leak(List<Leaky> kept) {
        leakLine = new Throwable().getStackTrace()[0].getLineNumber(); kept.add(new Leaky()); // on one line: the site's line
        if (kept.size() > 50_000) {
            kept.subList(0, 25_000).clear();
        }
    }

    @Test
    void whatCannotBeInstrumentedSaysWhy() {
        StringBuilder why = new StringBuilder();
        assertTrue(ConstructorSampler.instrumentable(inst, "byte[]", why).isEmpty());
        assertTrue(why.toString().contains("array"), why.toString());
        why.setLength(0);
        assertTrue(ConstructorSampler.instrumentable(inst, "java.util.HashMap", why).isEmpty());
        assertTrue(why.toString().contains("bootstrap"), why.toString());
        why.setLength(0);
        assertTrue(ConstructorSampler.instrumentable(inst, Shape.class.getName(), why).isEmpty());
        assertTrue(why.toString().contains("abstract"), why.toString());
        why.setLength(0);
        assertTrue(ConstructorSampler.instrumentable(inst, "com.acme.NeverLoaded", why).isEmpty());
        assertTrue(why.toString().contains("no class named com.acme.NeverLoaded is loaded"), why.toString());
    }

    @Test
    void aClassOfALoaderThatDoesNotSeeTheAgentIsRefusedBeforeAnythingChanges() throws Exception {
        URL classes = Leaky.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader isolated = new URLClassLoader(new URL[] {classes}, null)) {
            Class<?> copy = Class.forName(Leaky.class.getName(), true, isolated);
            assertTrue(copy != Leaky.class);
            String why = ConstructorSampler.whyNot(inst, copy);
            assertTrue(why != null && why.contains("an isolated class loader that does not see the agent's classes"), why);
            assertEquals(null, ConstructorSampler.whyNot(inst, Leaky.class), "the application loader's copy can be sampled");
        }
    }
}
