package io.opsagent.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opsagent.http.HttpError;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandArgsTest {
    private static final Command CMD = new Command() {
        @Override
        public String name() {
            return "demo";
        }

        @Override
        public String description() {
            return "a command for the test";
        }

        @Override
        public List<CommandArg> args() {
            return Arrays.asList(CommandArg.required("name", CommandArg.Type.STRING, "a name"),
                    CommandArg.optional("top", CommandArg.Type.INTEGER, 20, "a count"),
                    CommandArg.optional("live", CommandArg.Type.BOOLEAN, true, "a flag"),
                    CommandArg.optional("ttl", CommandArg.Type.DURATION, null, "a duration"),
                    CommandArg.optional("args", CommandArg.Type.STRINGS, null, "strings"));
        }

        @Override
        public Object run(CommandArgs args) {
            return null;
        }
    };

    @Test
    void defaultsAndValuesAreTyped() {
        CommandArgs a = CommandArgs.parse("{\"name\":\"x\",\"ttl\":\"30s\",\"args\":[\"-all\"]}", CMD);
        assertEquals("x", a.string("name"));
        assertEquals(20, a.integer("top"));
        assertEquals(true, a.bool("live"));
        assertEquals(30_000L, a.durationMillis("ttl"));
        assertEquals(Arrays.asList("-all"), a.strings("args"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "[]", "\"x\"", "{}", "{\"name\":1}", "{\"name\":\"x\",\"top\":1.5}", "{\"name\":\"x\",\"top\":\"3\"}",
        "{\"name\":\"x\",\"live\":\"yes\"}", "{\"name\":\"x\",\"ttl\":\"soon\"}", "{\"name\":\"x\",\"ttl\":30}", "{\"name\":\"x\",\"args\":\"-all\"}",
        "{\"name\":\"x\",\"args\":[1]}", "{\"name\":\"x\",\"other\":1}", "{\"name\":\"x\",\"top\":1e12}"})
    void badBodiesAre400WithTheAllowedArguments(String body) {
        HttpError e = assertThrows(HttpError.class, () -> CommandArgs.parse(body, CMD));
        assertEquals(400, e.status());
        assertTrue(e.hint().contains("name: string, top?: integer, live?: boolean"), e.hint());
        assertTrue(e.toReply().status() == 400);
    }

    @Test
    void anEmptyBodyIsAnEmptyObject() {
        HttpError e = assertThrows(HttpError.class, () -> CommandArgs.parse("", CMD));
        assertTrue(e.getMessage().contains("needs the argument 'name'"), e.getMessage());
    }
}
