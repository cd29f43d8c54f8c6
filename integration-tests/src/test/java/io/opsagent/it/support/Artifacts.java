package io.opsagent.it.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The built jars under test. The tests use them as files, exactly as users do. */
public final class Artifacts {
    private Artifacts() {
    }

    public static Path agentJar() {
        return existing("opsagent.jar", "../agent/target/opsagent.jar");
    }

    public static Path demoJar() {
        return existing("demo.jar", "../demo-target/target/demo-target.jar");
    }

    /** Compiled test classes, for small probe programs started as target JVMs. */
    public static Path testClasses() {
        return existing("test.classes", "target/test-classes");
    }

    /** The probe programs compiled for Java 8 (io.opsagent.it.probe), so every JDK found can run them. */
    public static Path probeClasses() {
        return existing("probe.classes", "target/probe-classes");
    }

    private static Path existing(String property, String fallback) {
        Path p = Paths.get(System.getProperty(property, fallback)).toAbsolutePath().normalize();
        if (!Files.exists(p)) {
            throw new IllegalStateException(p + " is missing: run 'mvn -B verify' from the project root, which builds it first");
        }
        return p;
    }
}
