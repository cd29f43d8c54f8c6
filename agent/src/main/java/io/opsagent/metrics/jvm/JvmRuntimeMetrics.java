package io.opsagent.metrics.jvm;

import io.opsagent.metrics.MetricType;
import io.opsagent.metrics.MetricsRegistry;
import io.opsagent.metrics.PrometheusWriter;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * The Prometheus Java client's class loading, JIT compilation, garbage collector and runtime families:
 * {@code jvm_classes_*}, {@code jvm_compilation_time_seconds_total}, {@code jvm_gc_collection_seconds}
 * (a summary per collector, count and sum, no quantiles) and {@code jvm_runtime_info}.
 */
public final class JvmRuntimeMetrics implements MetricsRegistry.Source {
    private static final String UNKNOWN = "unknown";

    @Override
    public void write(PrometheusWriter w) {
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        w.gauge("jvm_classes_currently_loaded", "The number of classes that are currently loaded in the JVM", classes.getLoadedClassCount());
        w.counter("jvm_classes_loaded_total", "The total number of classes that have been loaded since the JVM has started execution",
                classes.getTotalLoadedClassCount());
        w.counter("jvm_classes_unloaded_total", "The total number of classes that have been unloaded since the JVM has started execution",
                classes.getUnloadedClassCount());
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit != null && jit.isCompilationTimeMonitoringSupported()) {
            w.family("jvm_compilation_time_seconds", MetricType.COUNTER, "The total time in seconds taken for HotSpot class compilation", "seconds")
                    .add("_total", jit.getTotalCompilationTime() / 1000.0);
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            w.summary("jvm_gc_collection_seconds", "Time spent in a given JVM garbage collector in seconds.", "seconds",
                    Math.max(0, gc.getCollectionCount()), Math.max(0, gc.getCollectionTime()) / 1000.0, "gc", gc.getName());
        }
        w.info("jvm_runtime", "JVM runtime info", "version", System.getProperty("java.runtime.version", UNKNOWN),
                "vendor", System.getProperty("java.vm.vendor", UNKNOWN), "runtime", System.getProperty("java.runtime.name", UNKNOWN));
    }
}
