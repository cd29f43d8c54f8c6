package io.opsagent.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FlameGraphHtmlTest {
    @Test
    void stacksAreEmbeddedSafelyAndNothingIsFetched() {
        Stacks s = new Stacks();
        s.add("main;a.B.run;</script><script>alert(1)", 3);
        s.add("main;a.B.run", 2);
        String html = FlameGraphHtml.render(s, "cpu <profile>");
        assertFalse(html.contains("</script><script>alert"), "a frame cannot close the script element");
        assertTrue(html.contains("<\\/script>"));
        assertTrue(html.contains("cpu &lt;profile>"));
        assertFalse(html.contains("http"), "no external asset");
        assertEquals(5, s.total);
    }

    @Test
    void distinctStacksAreBounded() {
        Stacks s = new Stacks();
        for (int i = 0; i < Stacks.MAX_DISTINCT + 10; i++) {
            s.add("f" + i, 1);
        }
        s.add("f1", 5);
        assertEquals(Stacks.MAX_DISTINCT, s.counts.size());
        assertEquals(10, s.dropped);
        assertEquals(6, s.counts.get("f1").longValue(), "a known stack still counts");
    }
}
