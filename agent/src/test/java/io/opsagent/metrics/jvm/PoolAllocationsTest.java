package io.opsagent.metrics.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opsagent.metrics.PrometheusWriter;
import org.junit.jupiter.api.Test;

class PoolAllocationsTest {
    @Test
    void countsGrowthBetweenCollectionsAndPromotionDuringThem() {
        PoolAllocations a = new PoolAllocations();
        a.add("eden", 100, 0);
        assertEquals(100, a.allocated("eden"), "the first collection counts all that was used before it");
        a.add("eden", 250, 0);
        assertEquals(350, a.allocated("eden"));
        a.add("old", 1000, 1200);
        assertEquals(1200, a.allocated("old"), "promotion into old during the collection counts");
        a.add("old", 1100, 1100);
        assertEquals(1200, a.allocated("old"), "old shrank between collections (concurrent cleanup): nothing allocated");
        a.add("old", 1300, 1250);
        assertEquals(1400, a.allocated("old"));
    }

    @Test
    void writesNoFamilyBeforeTheFirstCollection() {
        PoolAllocations a = new PoolAllocations();
        PrometheusWriter w = new PrometheusWriter();
        a.write(w);
        assertTrue(w.families().isEmpty());
        a.add("eden", 10, 0);
        a.write(w);
        assertTrue(w.toString().endsWith("# TYPE jvm_memory_pool_allocated_bytes_total counter\njvm_memory_pool_allocated_bytes_total{pool=\"eden\"} 10\n"), w.toString());
    }
}
