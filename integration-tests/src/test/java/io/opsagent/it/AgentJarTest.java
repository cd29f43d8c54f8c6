package io.opsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opsagent.it.support.Artifacts;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The shipped jar: Java 8 bytecode only, nothing outside io/opsagent/, and the manifest a Java agent needs. */
class AgentJarTest {
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
    void manifestNamesTheEntryPointsAndVersion() throws IOException {
        try (JarFile jar = new JarFile(Artifacts.agentJar().toFile())) {
            Attributes a = jar.getManifest().getMainAttributes();
            assertEquals("io.opsagent.Agent", a.getValue("Premain-Class"));
            assertEquals("io.opsagent.Agent", a.getValue("Agent-Class"));
            assertEquals("io.opsagent.cli.Main", a.getValue("Main-Class"));
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
        }
    }
}
