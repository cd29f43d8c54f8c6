package io.opsagent.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opsagent.health.checks.CheckSpec;
import io.opsagent.health.checks.CheckType;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HealthReportTest {
    @ParameterizedTest
    @CsvSource({
        // critical status, non-critical status, aggregate, http
        "PASS, PASS, PASS, 200",
        "PASS, WARN, WARN, 200",
        "PASS, FAIL, WARN, 200",
        "WARN, PASS, WARN, 200",
        "FAIL, PASS, FAIL, 503",
        "FAIL, FAIL, FAIL, 503",
    })
    void aNonCriticalFailureOnlyWarns(Status critical, Status other, Status aggregate, int http) throws Exception {
        HealthReport r = HealthReport.of(Arrays.asList(result("a", true, critical), result("b", false, other)));
        assertEquals(aggregate, r.status());
        assertEquals(http, r.status().httpStatus());
    }

    @Test
    void aReadinessHoldFailsEvenWhenEveryCheckPasses() throws Exception {
        HealthReport r = HealthReport.of(Collections.singletonList(result("a", true, Status.PASS)),
                Collections.singletonList("not ready: heap dump in progress"));
        assertEquals(Status.FAIL, r.status());
        assertEquals("not ready: heap dump in progress", r.toJson(true).get("output"));
    }

    @Test
    void aSingleCheckKeepsItsOwnStatus() throws Exception {
        assertEquals(Status.FAIL, HealthReport.single(result("b", false, Status.FAIL)).status());
    }

    @Test
    @SuppressWarnings("unchecked")
    void formatFollowsTheIetfDraft() throws Exception {
        HealthReport r = HealthReport.of(Arrays.asList(result("db", true, Status.FAIL)));
        assertEquals(Collections.singletonMap("status", "fail"), r.toJson(false), "status only without a token");
        Map<String, Object> body = r.toJson(true);
        Map<String, Object> checks = (Map<String, Object>) body.get("checks");
        Map<String, Object> one = ((List<Map<String, Object>>) checks.get("db:responseTime")).get(0);
        assertEquals("db", one.get("componentId"));
        assertEquals("datastore", one.get("componentType"));
        assertEquals(12.5, one.get("observedValue"));
        assertEquals("ms", one.get("observedUnit"));
        assertEquals("fail", one.get("status"));
        assertEquals("it broke", one.get("output"));
        assertTrue(((String) one.get("time")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        assertTrue(one.containsKey("duration"));
        assertTrue(((String) body.get("output")).contains("db: it broke"));
    }

    @ParameterizedTest
    @CsvSource({
        "heap, 84, PASS", "heap, 86, WARN", "heap, 96, FAIL", "heap, 95, WARN",
        "tls-expiry, 30, PASS", "tls-expiry, 5, WARN", "tls-expiry, -1, FAIL",
        "disk, 50, PASS", "disk, 7, WARN", "disk, 4.9, FAIL",
        "deadlock, 0, PASS", "deadlock, 2, FAIL",
    })
    void thresholdsKnowWhichWayIsWorse(String type, double value, Status expected) {
        CheckType t = CheckType.named(type);
        assertEquals(expected, t.judge(value, t.defaultWarn(), t.defaultFail()));
    }

    @Test
    void cacheKeepsTheLastResultWhileAnEditedCheckRunsAndDropsRemovedOnes() throws Exception {
        HealthCache cache = new HealthCache();
        CheckResult a = result("a", true, Status.FAIL);
        cache.update(Collections.singletonMap("a", a.spec()), Collections.singletonMap("a", a));
        CheckSpec edited = CheckSpecs.parse(CheckSpecsTest.config("check.a.type=jdbc", "check.a.target=jdbc:x", "check.a.warn=1")).get("a");
        cache.update(Collections.singletonMap("a", edited), Collections.<String, CheckResult>emptyMap());
        assertEquals(Status.FAIL, cache.results().get("a").status());
        CheckSpec b = CheckSpecs.parse(CheckSpecsTest.config("check.b.type=threads")).get("b");
        cache.update(Collections.singletonMap("b", b), Collections.<String, CheckResult>emptyMap());
        assertFalse(cache.results().containsKey("a"));
        assertEquals("not checked yet", cache.results().get("b").output());
    }

    private static CheckResult result(String name, boolean critical, Status s) throws Exception {
        CheckSpec spec = CheckSpecs.parse(CheckSpecsTest.config("check." + name + ".type=jdbc", "check." + name + ".target=jdbc:x",
                "check." + name + ".critical=" + critical)).get(name);
        return new CheckResult(spec, s, 12.5, "it broke", System.currentTimeMillis(), 13);
    }
}
