package io.opsagent.jfr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JfrReaderTest {
    @ParameterizedTest
    @CsvSource({"[B,byte[]", "[[I,int[][]", "[Ljava.lang.String;,java.lang.String[]", "com.acme.Order,com.acme.Order", "[Lcom/acme/X;,com.acme.X[]", "[,[", "[[,[["})
    void arrayDescriptorsBecomeJavaNames(String jfr, String java) {
        assertEquals(java, JfrReader.javaName(jfr));
    }
}
