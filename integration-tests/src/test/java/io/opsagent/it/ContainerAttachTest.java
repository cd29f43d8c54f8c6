package io.opsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.opsagent.it.support.AgentClient;
import io.opsagent.it.support.Artifacts;
import io.opsagent.it.support.HttpResult;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.MountableFile;

/**
 * The same checks on JVMs older than the ones installed here, in containers: {@code -javaagent} and
 * {@code attach} on Java 8 and 11 images, and a Java 8 JRE (no tools.jar) refusing to attach with
 * its own exit code. Skipped, saying why, where no Docker engine is reachable.
 */
class ContainerAttachTest {
    private static final int PORT = 9950;
    private static final String TOKEN = "container-test-token-0123456789abcdef";
    private static final Pattern DEMO_PID = Pattern.compile("DEMO_PID=(\\d+)");

    private static final String NO_DOCKER = "no Docker engine reachable (set DOCKER_HOST or start Docker):"
            + " the Java 8 and 11 image tests of attach and -javaagent did not run";
    private static boolean docker;

    @BeforeAll
    static void lookForDocker() {
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            docker = false;
        }
        if (!docker) {
            System.err.println("SKIPPED ContainerAttachTest: " + NO_DOCKER);
        }
    }

    /** Per test rather than per class, so each one is reported as skipped, with the reason. */
    @BeforeEach
    void needsDocker() {
        assumeTrue(docker, NO_DOCKER);
    }

    @ParameterizedTest(name = "-javaagent on {0}")
    @ValueSource(strings = {"eclipse-temurin:8-jdk", "eclipse-temurin:11-jdk"})
    void javaagentServesTheEndpoint(String image) {
        try (GenericContainer<?> c = container(image)
                .withCommand("java", "-javaagent:/opt/opsagent.jar=port=" + PORT + ",bind=0.0.0.0,token=" + TOKEN, "-jar", "/opt/demo.jar")
                .waitingFor(Wait.forLogMessage(".*\\[opsagent\\] endpoint at.*", 1))) {
            c.start();
            assertEndpoint(c, image, "javaagent");
        }
    }

    @ParameterizedTest(name = "attach on {0}")
    @ValueSource(strings = {"eclipse-temurin:8-jdk", "eclipse-temurin:11-jdk"})
    void attachServesTheEndpointAndStops(String image) throws Exception {
        try (GenericContainer<?> c = demo(image)) {
            String pid = pid(c);
            Container.ExecResult attach = c.execInContainer("java", "-jar", "/opt/opsagent.jar", "attach", pid,
                    "port=" + PORT + ",bind=0.0.0.0,token=" + TOKEN);
            assertEquals(0, attach.getExitCode(), attach.getStdout() + attach.getStderr());
            assertTrue(attach.getStdout().contains("endpoint:"), attach.getStdout());
            assertEndpoint(c, image, "attach");
            Container.ExecResult stop = c.execInContainer("java", "-jar", "/opt/opsagent.jar", "stop", pid);
            assertEquals(0, stop.getExitCode(), stop.getStdout() + stop.getStderr());
        }
    }

    @Test
    void aJava8JreWithoutToolsJarCannotAttachAndSaysSo() throws Exception {
        try (GenericContainer<?> c = demo("eclipse-temurin:8-jre")) {
            Container.ExecResult r = c.execInContainer("java", "-jar", "/opt/opsagent.jar", "attach", pid(c));
            assertEquals(7, r.getExitCode(), r.getStdout() + r.getStderr());
            assertTrue(r.getStderr().contains("has no attach API") && r.getStderr().contains("tools.jar"), r.getStderr());
        }
    }

    private static GenericContainer<?> container(String image) {
        return new GenericContainer<>(image)
                .withCopyFileToContainer(MountableFile.forHostPath(Artifacts.agentJar()), "/opt/opsagent.jar")
                .withCopyFileToContainer(MountableFile.forHostPath(Artifacts.demoJar()), "/opt/demo.jar")
                .withExposedPorts(PORT)
                .withStartupTimeout(Duration.ofSeconds(120));
    }

    /** demo-target as a child of a shell (not pid 1), without the agent. */
    private static GenericContainer<?> demo(String image) {
        GenericContainer<?> c = container(image).withCommand("sh", "-c", "java -jar /opt/demo.jar & wait")
                .waitingFor(Wait.forLogMessage(".*DEMO_PID=.*", 1));
        c.start();
        return c;
    }

    private static String pid(GenericContainer<?> c) {
        Matcher m = DEMO_PID.matcher(c.getLogs());
        assertTrue(m.find(), c.getLogs());
        return m.group(1);
    }

    private static void assertEndpoint(GenericContainer<?> c, String image, String how) {
        AgentClient agent = new AgentClient("http://" + c.getHost() + ":" + c.getMappedPort(PORT), TOKEN);
        assertEquals(200, agent.get("/health/live").status());
        HttpResult info = agent.get("/info");
        assertEquals(200, info.status(), info.text());
        int feature = image.contains(":8-") ? 8 : 11;
        assertEquals(feature, info.json().getAsJsonObject("jvm").get("feature").getAsInt(), info.text());
        assertEquals(how, info.json().get("attached").getAsString());
    }
}
