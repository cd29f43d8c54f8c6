package io.opsagent.cli.attach;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MainClassTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "java -Xmx64m -jar /opt/app.jar --port 8080 | /opt/app.jar --port 8080",
        "java -cp a.jar:b.jar com.example.Main x | com.example.Main x",
        "java --add-opens java.base/java.lang=ALL-UNNAMED -classpath lib/* org.Server | org.Server",
        "java -Dfoo=bar -m my.mod/my.pkg.Main | my.mod/my.pkg.Main",
        "java -version | (unknown main class)",
    })
    void namesWhatJpsWouldName(String cmdline, String expected) {
        assertEquals(expected, MainClass.of(Arrays.asList(cmdline.split(" "))));
    }
}
