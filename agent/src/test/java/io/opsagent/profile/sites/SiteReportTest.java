package io.opsagent.profile.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opsagent.jfr.JfrReader;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SiteReportTest {
    private static final String LEAKY = "com.acme.Order";

    private static List<JfrReader.Frame> stack(String... frames) {
        JfrReader.Frame[] out = new JfrReader.Frame[frames.length];
        for (int i = 0; i < frames.length; i++) {
            String[] p = frames[i].split(":");
            int dot = p[0].lastIndexOf('.');
            out[i] = JfrReader.Frame.of(p[0].substring(0, dot), p[0].substring(dot + 1), Integer.parseInt(p[1]));
        }
        return Arrays.asList(out);
    }

    @Test
    @SuppressWarnings("unchecked")
    void instancesAndWhatTheirConstructorAllocatesNameTheSameLine() {
        SiteReport r = new SiteReport(LEAKY, "test", 0, 1000);
        r.offer(LEAKY, stack("com.acme.Cache.put:42", "com.acme.Api.handle:10"), 24, -1);
        r.offer("byte[]", stack("com.acme.Order.<init>:7", "com.acme.Cache.put:42", "com.acme.Api.handle:10"), 1000, -1);
        r.offer("byte[]", stack("com.acme.Other.<init>:3", "com.acme.Cache.put:50"), 1000, -1);
        r.offer(LEAKY, stack("com.acme.Batch.load:99"), 24, -1);
        assertEquals(4, r.samples);
        assertEquals(3, r.matched);
        Map<String, Object> json = r.toJson();
        List<Map<String, Object>> sites = (List<Map<String, Object>>) json.get("sites");
        assertEquals(2, sites.size());
        assertEquals(2, sites.get(0).get("samples"));
        Map<String, Object> top = ((List<Map<String, Object>>) sites.get(0).get("frames")).get(0);
        assertEquals("com.acme.Cache.put", top.get("method"));
        assertEquals("Cache.java", top.get("file"));
        assertEquals(42, top.get("line"));
        assertEquals(1024L, sites.get(0).get("sampledBytes"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void objectsYoungerThanHalfTheWindowAreNotRanked() {
        // a busy cache's entries, 1 s old at the end of a 10 s window, outnumber the leak's older ones
        SiteReport r = new SiteReport("byte[]", "test", 0, 10_000);
        for (int i = 0; i < 30; i++) {
            r.offer("byte[]", stack("com.acme.Cache.refill:12"), 100_000, 1_000);
        }
        r.offer("byte[]", stack("com.acme.Order.<init>:7", "com.acme.Api.handle:10"), 5_000, 8_000);
        r.offer("byte[]", stack("com.acme.Order.<init>:7", "com.acme.Api.handle:10"), 5_000, 5_000);
        assertEquals(2, r.matched);
        assertEquals(30, r.young);
        Map<String, Object> json = r.toJson();
        List<Map<String, Object>> sites = (List<Map<String, Object>>) json.get("sites");
        assertEquals(1, sites.size(), json.toString());
        assertEquals("com.acme.Order.<init>", ((List<Map<String, Object>>) sites.get(0).get("frames")).get(0).get("method"));
        assertEquals(5_000L, json.get("minAgeMillis"));
        assertFalse(json.containsKey("note"), json.toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void withOnlyYoungObjectsTheirSitesAreShownAndSaidToBeYoung() {
        SiteReport r = new SiteReport(LEAKY, "test", 0, 4_000);
        r.offer(LEAKY, stack("com.acme.Cache.put:42"), 24, 500);
        assertEquals(0, r.matched);
        Map<String, Object> json = r.toJson();
        List<Map<String, Object>> sites = (List<Map<String, Object>>) json.get("sites");
        assertEquals(1, sites.size());
        assertEquals(1.0, sites.get(0).get("share"));
        assertTrue(String.valueOf(json.get("note")).contains("no matching object stayed alive for 2000 ms"), json.toString());
    }

    @Test
    void sourceFilesFollowJavacsDefault() {
        assertEquals("Order.java", SiteReport.sourceFile("com.acme.Order"));
        assertEquals("Order.java", SiteReport.sourceFile("com.acme.Order$Line"));
        assertEquals("Main.java", SiteReport.sourceFile("Main"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void generatedFramesHaveNoFile() {
        SiteReport r = new SiteReport(LEAKY, "test", 0, 1000);
        r.offer(LEAKY, stack("com.acme.Api$$Lambda$12.run:0"), 24, -1);
        Map<String, Object> f = ((List<Map<String, Object>>) ((List<Map<String, Object>>) r.toJson().get("sites")).get(0).get("frames")).get(0);
        assertFalse(f.containsKey("file"));
    }
}
