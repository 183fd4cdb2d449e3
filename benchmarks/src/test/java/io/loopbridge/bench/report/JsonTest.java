package io.loopbridge.bench.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class JsonTest {

    @Test
    void parsesNestedValuesKeepingMemberOrder() {
        Object v = Json.parse(" {\"b\": [1, -2.5e3, true, false, null], \"a\": {\"x\": \"y\"}} ");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of("b", "a"), List.copyOf(m.keySet()));
        List<?> b = (List<?>) m.get("b");
        assertEquals(1.0, b.get(0));
        assertEquals(-2500.0, b.get(1));
        assertEquals(Boolean.TRUE, b.get(2));
        assertEquals(Boolean.FALSE, b.get(3));
        assertNull(b.get(4));
        assertEquals(Map.of("x", "y"), m.get("a"));
    }

    @Test
    void readsEscapesAndJmhMiddleDot() {
        assertEquals("a\"b\\c/\n\u00b7gc", Json.parse("\"a\\\"b\\\\c\\/\\n\\u00b7gc\""));
        assertEquals("·gc.alloc.rate.norm", Json.parse("\"·gc.alloc.rate.norm\""));
    }

    @Test
    void quoteRoundTrips() {
        String s = "tab\there \"quoted\" back\\slash \u0001";
        assertEquals(s, Json.parse(Json.quote(s)));
    }

    @Test
    void jmhNanStringReadsAsNumber() {
        assertTrue(Double.isNaN(Json.number("NaN")));
        assertEquals(2.0, Json.number(2.0));
    }

    @Test
    void malformedInputNamesOffsetAndExpectation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("[1, 2"));
        assertTrue(e.getMessage().contains("expected"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\" 1}"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("[1] x"));
        assertThrows(IllegalArgumentException.class, () -> Json.parse("tru"));
    }
}
