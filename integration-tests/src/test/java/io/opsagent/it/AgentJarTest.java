package io.opsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opsagent.it.support.Artifacts;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shipped jar: Java 8 bytecode only, nothing outside io/opsagent/, the manifest a Java agent needs,
 * no entry nobody chose, and each bundled library's licence under a path of its own.
 */
class AgentJarTest {
    /** The agent's own resources, as in its source tree. */
    private static final Path OWN_RESOURCES = Paths.get("../agent/src/main/resources");
    /** Third-party resources kept on purpose: NanoHTTPD reads its MIME table from these fixed paths. */
    private static final Set<String> THIRD_PARTY_RESOURCES = Set.of(
            "META-INF/nanohttpd/mimetypes.properties", "META-INF/nanohttpd/default-mimetypes.properties",
            // async-profiler's native libraries, loaded only by POST /profile and leak sites (its classes are checked above)
            "io/opsagent/profile/native/linux-x64/libasyncProfiler.so", "io/opsagent/profile/native/linux-arm64/libasyncProfiler.so");
    /** Relocated package under io/opsagent/shaded/ -> for each artifact shipped in it, the artifact whose licence must ship and a phrase of that licence. */
    private static final Map<String, String[][]> LICENCES = Map.of(
            "nanohttpd", new String[][] {{"nanohttpd", "Redistribution and use in source and binary forms"}},
            "gson", new String[][] {{"gson", "Apache License"}},
            // byte-buddy carries ASM (BSD-3), relocated with it
            "bytebuddy", new String[][] {{"byte-buddy-agent", "Apache License"}, {"byte-buddy", "Apache License"},
                {"byte-buddy", "Redistribution and use in source and binary forms"}});

    @Test
    void everyClassIsJava8BytecodeUnderIoOpsagent() throws IOException {
        List<String> problems = new ArrayList<>();
        int classes = 0;
        try (JarFile jar = new JarFile(Artifacts.agentJar().toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements();) {
                JarEntry entry = e.nextElement();
                if (!entry.getName().endsWith(".class")) {
                    continue;
                }
                classes++;
                if (!entry.getName().startsWith("io/opsagent/")) {
                    problems.add(entry.getName() + " is outside io/opsagent/ (relocate it under io.opsagent.shaded)");
                }
                try (InputStream in = jar.getInputStream(entry); DataInputStream data = new DataInputStream(in)) {
                    int magic = data.readInt();
                    data.readUnsignedShort();
                    int major = data.readUnsignedShort();
                    if (magic != 0xCAFEBABE || major > 52) {
                        problems.add(entry.getName() + " has class file version " + major + " (Java 8 is 52)");
                    }
                }
            }
        }
        assertTrue(classes > 50, "the agent jar holds only " + classes + " classes: is it shaded?");
        assertEquals(List.of(), problems);
    }

    @Test
    void everyEntryIsOneWeChose() throws IOException {
        Set<String> own = ownResources();
        List<String> unexpected = new ArrayList<>();
        try (JarFile jar = new JarFile(Artifacts.agentJar().toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements();) {
                String name = e.nextElement().getName();
                boolean chosen = name.endsWith("/") ? name.equals("META-INF/") || name.startsWith("META-INF/licenses/")
                        || name.equals("META-INF/nanohttpd/") || "io/opsagent/".startsWith(name) || name.startsWith("io/opsagent/")
                        : name.equals("META-INF/MANIFEST.MF") || (name.startsWith("io/opsagent/") && name.endsWith(".class"))
                        || own.contains(name) || THIRD_PARTY_RESOURCES.contains(name);
                if (!chosen) {
                    unexpected.add(name);
                }
            }
        }
        assertEquals(List.of(), unexpected, "entries no one chose to ship (exclude them in the shade filters, or list them here with a reason)");
    }

    @Test
    void eachBundledLibraryShipsItsLicenceUnderItsOwnPath() throws IOException {
        Set<String> shaded = new TreeSet<>();
        try (JarFile jar = new JarFile(Artifacts.agentJar().toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements();) {
                String name = e.nextElement().getName();
                if (name.startsWith("io/opsagent/shaded/") && name.endsWith(".class")) {
                    shaded.add(name.split("/")[3]);
                }
            }
            assertEquals(new TreeSet<>(LICENCES.keySet()), shaded, "a bundled library without a licence entry here, or one gone");
            // async-profiler cannot be relocated (its JNI names are bound to one.profiler), so it is named here by its resource path
            assertNotNull(jar.getEntry("io/opsagent/profile/native/one/profiler/AsyncProfiler.class"), "async-profiler is no longer bundled: drop its licence check");
            assertTrue(new String(jar.getInputStream(jar.getEntry("META-INF/licenses/async-profiler/LICENSE")).readAllBytes(), StandardCharsets.UTF_8)
                    .contains("Apache License"), "async-profiler's licence is missing");
            for (Map.Entry<String, String[][]> lib : LICENCES.entrySet()) {
                for (String[] artifact : lib.getValue()) {
                    String dir = "META-INF/licenses/" + artifact[0] + "/";
                    StringBuilder texts = new StringBuilder();
                    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements();) {
                        JarEntry entry = e.nextElement();
                        if (entry.getName().startsWith(dir) && !entry.isDirectory()) {
                            try (InputStream in = jar.getInputStream(entry)) {
                                texts.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                            }
                        }
                    }
                    assertTrue(texts.toString().contains(artifact[1]), dir + " does not hold the licence of " + lib.getKey() + " (" + artifact[1] + ")");
                }
            }
        }
    }

    private static Set<String> ownResources() throws IOException {
        Set<String> out = new HashSet<>();
        try (Stream<Path> files = Files.walk(OWN_RESOURCES)) {
            files.filter(Files::isRegularFile).forEach(f -> out.add(OWN_RESOURCES.relativize(f).toString().replace('\\', '/')));
        }
        assertTrue(out.contains("io/opsagent/dashboard/dashboard.html"), "the agent's resources are not where this test looks: " + out);
        return out;
    }

    @Test
    void manifestNamesTheEntryPointsAndVersion() throws IOException {
        try (JarFile jar = new JarFile(Artifacts.agentJar().toFile())) {
            Attributes a = jar.getManifest().getMainAttributes();
            assertEquals("io.opsagent.Agent", a.getValue("Premain-Class"));
            assertEquals("io.opsagent.Agent", a.getValue("Agent-Class"));
            assertEquals("io.opsagent.cli.Main", a.getValue("Main-Class"));
            assertEquals("true", a.getValue("Can-Retransform-Classes"), "leak sites on Java 8 instrument a suspect class's constructors for a while");
            assertNotNull(a.getValue("Implementation-Version"));
        }
    }

    @Test
    void relocatedLibrariesArePresent() throws IOException {
        try (JarFile jar = new JarFile(Artifacts.agentJar().toFile())) {
            assertNotNull(jar.getEntry("io/opsagent/shaded/nanohttpd/protocols/http/NanoHTTPD.class") != null
                    ? jar.getEntry("io/opsagent/shaded/nanohttpd/protocols/http/NanoHTTPD.class")
                    : jar.getEntry("io/opsagent/shaded/nanohttpd/NanoHTTPD.class"), "NanoHTTPD is not relocated");
            assertNotNull(jar.getEntry("io/opsagent/shaded/gson/Gson.class"), "Gson is not relocated");
            assertNotNull(jar.getEntry("io/opsagent/shaded/bytebuddy/agent/ByteBuddyAgent.class"), "byte-buddy-agent is not relocated");
            assertNotNull(jar.getEntry("io/opsagent/shaded/bytebuddy/asm/Advice.class"), "byte-buddy is not relocated");
            assertNotNull(jar.getEntry("io/opsagent/shaded/bytebuddy/jar/asm/ClassReader.class"), "byte-buddy's ASM is not relocated");
        }
    }
}
