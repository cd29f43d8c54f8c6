package io.opsagent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsrfRuleTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "GET with Basic is not state-changing      | GET    | Basic eDp5  | -  | http://evil | 127.0.0.1:1 | http  | true",
        "HEAD with Basic                           | HEAD   | Basic eDp5  | -  | -           | 127.0.0.1:1 | http  | true",
        "Bearer POST needs nothing                 | POST   | Bearer t    | -  | http://evil | 127.0.0.1:1 | http  | true",
        "no credentials: the router answers 401    | POST   | -           | -  | -           | 127.0.0.1:1 | http  | true",
        "Basic POST without the header             | POST   | Basic eDp5  | -  | -           | 127.0.0.1:1 | http  | false",
        "Basic POST with a blank header            | POST   | basic eDp5  | ' '| -           | 127.0.0.1:1 | http  | false",
        "Basic DELETE without the header           | DELETE | Basic eDp5  | -  | -           | 127.0.0.1:1 | http  | false",
        "Basic POST with header, no Origin         | POST   | Basic eDp5  | 1  | -           | 127.0.0.1:1 | http  | true",
        "Basic POST with header, own Origin        | POST   | Basic eDp5  | 1  | http://127.0.0.1:1 | 127.0.0.1:1 | http | true",
        "own Origin over TLS                       | POST   | Basic eDp5  | 1  | https://h:9 | h:9         | https | true",
        "scheme differs                            | POST   | Basic eDp5  | 1  | http://h:9  | h:9         | https | false",
        "other Origin                              | POST   | Basic eDp5  | 1  | http://evil | 127.0.0.1:1 | http  | false",
        "opaque Origin                             | POST   | Basic eDp5  | 1  | null        | 127.0.0.1:1 | http  | false",
        "Origin but no Host                        | POST   | Basic eDp5  | 1  | http://h:9  | -           | http  | false",
    })
    void stateChangingBasicRequestsNeedTheHeaderAndTheirOwnOrigin(String what, String method, String authorization, String csrf,
            String origin, String host, String scheme, boolean allowed) {
        assertEquals(allowed, CsrfRule.refusal(method, authorization, csrf, origin, host, scheme) == null, what);
    }
}
