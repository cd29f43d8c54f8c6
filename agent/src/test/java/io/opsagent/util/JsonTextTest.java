package io.opsagent.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** JsonText must write exactly what the agent's Gson writes, compact and pretty, or hand the value to Gson. */
class JsonTextTest {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
    private static final Gson PRETTY = new GsonBuilder().disableHtmlEscaping().setPrettyPrinting().create();

    @Test
    void writesPlainValuesAsGsonDoes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "quote\" back\\ tab\t nl\n cr\r ff\f bs\b ctl\u0001\u001f html<>&=' ls\u2028ps\u2029 é 日本 \uD83D\uDE00");
        m.put("nothing", null);
        m.put("int", 42);
        m.put("long", Long.MIN_VALUE);
        m.put("short", (short) -3);
        m.put("double", 0.1 + 0.2);
        m.put("whole", 3.0);
        m.put("tiny", 1e-12);
        m.put("huge", 1.5e300);
        m.put("bool", true);
        m.put("char", 'x');
        m.put("enum", TimeUnit.SECONDS);
        m.put("emptyMap", new LinkedHashMap<>());
        m.put("allNull", Collections.singletonMap("k", null));
        m.put("emptyList", new ArrayList<>());
        m.put("list", Arrays.asList(1, null, "two", Arrays.asList(3L, 4.5), Collections.singletonMap(7, "keyed by int")));
        m.put("set", new TreeSet<>(Arrays.asList("b", "a")));
        m.put("strings", new String[] {"a", null});
        m.put("longs", new long[] {1, -2});
        m.put("ints", new int[] {});
        m.put("doubles", new double[] {1.25, -0.0});
        m.put("builder", new StringBuilder("sb"));
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("deeper", Collections.singletonMap("deepest", Arrays.asList(Collections.emptyMap(), Collections.emptyList())));
        m.put("nested", nested);
        assertEquals(GSON.toJson(m), JsonText.write(m, false));
        assertEquals(PRETTY.toJson(m), JsonText.write(m, true));
        for (Object v : Arrays.asList(null, "top", 1, 2.5, false, Collections.emptyList(), Collections.emptyMap())) {
            assertEquals(GSON.toJson(v), JsonText.write(v, false), String.valueOf(v));
            assertEquals(PRETTY.toJson(v), JsonText.write(v, true), String.valueOf(v));
        }
    }

    @Test
    void handsOtherValuesToGson() {
        List<Object> others = Arrays.asList(new JsonObject(), 1.5f, Double.NaN, new java.math.BigDecimal("1.10"), new Object() {
            final int field = 1;
        });
        for (Object v : others) {
            assertThrows(JsonText.Unsupported.class, () -> JsonText.write(Collections.singletonMap("v", v), false), String.valueOf(v));
        }
        JsonObject tree = new JsonObject();
        tree.addProperty("a", 1);
        assertEquals(GSON.toJson(tree), Json.toJson(tree));
        assertEquals(PRETTY.toJson(tree), Json.toPrettyJson(tree));
        assertEquals(GSON.toJson(Collections.singletonMap("f", 1.5f)), Json.toJson(Collections.singletonMap("f", 1.5f)));
        assertThrows(IllegalArgumentException.class, () -> Json.toJson(Collections.singletonMap("nan", Double.NaN)), "Gson refuses NaN");
    }
}
