package io.opsagent.it.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.opsagent.it.support.Exposition;
import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.TargetJvm;
import io.opsagent.it.support.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What monitoring/ ships: the alert rules pass {@code promtool test rules} (each rule fires on a series that
 * should fire it and stays silent on one that should not), and every query of the Grafana dashboard and
 * of the rules names a series a live agent exports.
 */
class MonitoringFilesTest {
    private static final Path DIR = Paths.get(System.getProperty("monitoring.dir", "../monitoring")).toAbsolutePath().normalize();
    private static final Path RULES = DIR.resolve("prometheus/opsagent-alerts.yml");
    private static final Path DASHBOARD = DIR.resolve("grafana/opsagent-dashboard.json");
    /** Series Prometheus itself makes, not the agent. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");
    private static final Pattern EXPR_LINE = Pattern.compile("(?m)^\\s*expr:\\s*(.+)$");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(?=\\s*(\\()?)");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring",
            "group_left", "group_right", "inf", "nan");

    @Test
    void alertRulesPassTheirPromtoolUnitTests() {
        Tools.Result check = Tools.exec(60, "/usr/bin/promtool", "check", "rules", RULES.toString());
        assertEquals(0, check.exit(), check.output());
        assertTrue(check.output().contains("SUCCESS: 6 rules found"), check.output());
        Tools.Result test = Tools.exec(60, "/usr/bin/promtool", "test", "rules", DIR.resolve("prometheus/opsagent-alerts.test.yml").toString());
        assertEquals(0, test.exit(), test.output());
        assertTrue(test.output().contains("SUCCESS"), test.output());
        System.out.println(check.output() + test.output());
    }

    @Test
    void theQueryReaderFindsMetricNamesAndOnlyThem() {
        assertEquals(Set.of("a_total", "b_seconds_sum"), metricNames(
                "sum by (instance, gc) (rate(a_total{x=\"y(z)\",instance=~\"$instance\"}[$__rate_interval])) / on(pool) group_left(gc) b_seconds_sum offset 5m > bool 0.5"));
        assertEquals(Set.of("opsagent_leak_exhaustion_time_seconds"), metricNames("(opsagent_leak_exhaustion_time_seconds - time()) < 3600"));
    }

    @Test
    void everyDashboardAndRuleQueryNamesASeriesTheAgentExports() throws Exception {
        Path props = Files.createTempFile("opsagent", ".properties");
        Files.writeString(props, "check.tmp.type=disk\ncheck.tmp.target=" + props.getParent() + "\n");
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).agentArgs("port=0,config=" + props).start()) {
            Exposition.gcAndAwaitPoolAllocations(jvm.agent());
            String scrape = jvm.agent().get("/metrics").text();
            Set<String> exported = new TreeSet<>();
            for (Exposition.Family f : Exposition.parse(scrape).families().values()) {
                f.samples().keySet().forEach(s -> exported.add(s.replaceAll("\\{.*", "")));
            }
            List<String> queries = new ArrayList<>();
            collectExprs(JsonParser.parseString(Files.readString(DASHBOARD)), queries);
            assertTrue(queries.size() >= 20, "the dashboard has " + queries.size() + " queries");
            Matcher m = EXPR_LINE.matcher(Files.readString(RULES));
            while (m.find()) {
                queries.add(m.group(1));
            }
            List<String> unknown = new ArrayList<>();
            for (String q : queries) {
                Set<String> names = metricNames(q);
                assertTrue(!names.isEmpty(), "no metric in query " + q);
                for (String n : names) {
                    if (!exported.contains(n) && !PROMETHEUS_OWN.contains(n)) {
                        unknown.add(n + " in " + q);
                    }
                }
            }
            assertTrue(unknown.isEmpty(), "queries name series the agent does not export: " + unknown + "\nexported: " + exported);
        } finally {
            Files.deleteIfExists(props);
        }
    }

    /** Every {@code expr} of the panels' targets and every {@code label_values(...)} variable query. */
    private static void collectExprs(JsonElement e, List<String> out) {
        if (e.isJsonObject()) {
            JsonObject o = e.getAsJsonObject();
            for (String key : o.keySet()) {
                JsonElement v = o.get(key);
                if (("expr".equals(key) || "definition".equals(key)) && v.isJsonPrimitive()) {
                    out.add(v.getAsString());
                } else {
                    collectExprs(v, out);
                }
            }
        } else if (e.isJsonArray()) {
            for (JsonElement v : (JsonArray) e) {
                collectExprs(v, out);
            }
        }
    }

    /** The metric names in a PromQL query: identifiers outside label matchers, ranges, strings and grouping clauses, not called as functions. */
    static Set<String> metricNames(String query) {
        Set<String> names = new TreeSet<>();
        Matcher lv = LABEL_VALUES.matcher(query);
        if (lv.find()) {
            names.add(lv.group(1));
            return names;
        }
        String q = query.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", " ")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\boffset\\s+\\S+", " ")
                .replaceAll("\\$\\w+", " ");
        Matcher m = IDENTIFIER.matcher(q);
        while (m.find()) {
            boolean call = m.group(1) != null;
            if (!call && !KEYWORDS.contains(m.group().toLowerCase()) && !(m.start() > 0 && Character.isDigit(q.charAt(m.start() - 1)))) {
                names.add(m.group());
            }
        }
        return names;
    }
}
