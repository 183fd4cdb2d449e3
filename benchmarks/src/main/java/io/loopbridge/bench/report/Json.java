package io.loopbridge.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader and string quoter, enough for JMH's result files (and the files written in the same
 * shape by the other harnesses), so the benchmarks module needs no JSON library.
 *
 * <p>Values map to: object → {@code LinkedHashMap<String, Object>} (order kept), array →
 * {@code List<Object>}, number → {@code Double}, string → {@code String}, {@code true}/{@code false} →
 * {@code Boolean}, {@code null} → {@code null}. JMH writes {@code "NaN"} as a string for missing scores;
 * {@link #number(Object)} reads it back as {@code Double.NaN}.
 *
 * <p><b>Threading.</b> Stateless static methods; a parse is confined to its caller's thread.
 */
public final class Json {
    private final String s;
    private int i;

    private Json(String s) {
        this.s = s;
    }

    /** Parses one JSON value that makes up the whole of {@code text}. */
    public static Object parse(String text) {
        Json p = new Json(text);
        p.skipSpace();
        Object v = p.value();
        p.skipSpace();
        if (p.i != text.length()) throw p.error("end of input");
        return v;
    }

    /** {@code v} as a double: numbers as they are, the strings "NaN"/"Infinity" as those values. */
    public static double number(Object v) {
        if (v instanceof Double) return (Double) v;
        if (v instanceof String) return Double.parseDouble((String) v);
        throw new IllegalArgumentException("number: " + v + " (expected: a JSON number)");
    }

    /** {@code text} as a JSON string literal, quotes included. */
    public static String quote(String text) {
        StringBuilder b = new StringBuilder(text.length() + 2).append('"');
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private Object value() {
        if (i >= s.length()) throw error("a value");
        char c = s.charAt(i);
        switch (c) {
            case '{': return object();
            case '[': return array();
            case '"': return string();
            case 't': return literal("true", Boolean.TRUE);
            case 'f': return literal("false", Boolean.FALSE);
            case 'n': return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return number();
                throw error("a value");
        }
    }

    private Map<String, Object> object() {
        Map<String, Object> m = new LinkedHashMap<>();
        i++; // {
        skipSpace();
        if (peek() == '}') {
            i++;
            return m;
        }
        for (;;) {
            skipSpace();
            if (peek() != '"') throw error("a member name");
            String k = string();
            skipSpace();
            expect(':');
            skipSpace();
            m.put(k, value());
            skipSpace();
            char c = next();
            if (c == '}') return m;
            if (c != ',') throw error("',' or '}'", -1);
        }
    }

    private List<Object> array() {
        List<Object> a = new ArrayList<>();
        i++; // [
        skipSpace();
        if (peek() == ']') {
            i++;
            return a;
        }
        for (;;) {
            skipSpace();
            a.add(value());
            skipSpace();
            char c = next();
            if (c == ']') return a;
            if (c != ',') throw error("',' or ']'", -1);
        }
    }

    private String string() {
        i++; // opening quote
        StringBuilder b = new StringBuilder();
        for (;;) {
            char c = next();
            if (c == '"') return b.toString();
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"': case '\\': case '/': b.append(e); break;
                case 'b': b.append('\b'); break;
                case 'f': b.append('\f'); break;
                case 'n': b.append('\n'); break;
                case 'r': b.append('\r'); break;
                case 't': b.append('\t'); break;
                case 'u':
                    if (i + 4 > s.length()) throw error("four hex digits");
                    b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    i += 4;
                    break;
                default: throw error("an escape", -1);
            }
        }
    }

    private Double number() {
        int start = i;
        while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
        try {
            return Double.valueOf(s.substring(start, i));
        } catch (NumberFormatException e) {
            i = start;
            throw error("a number");
        }
    }

    private Object literal(String word, Object v) {
        if (!s.startsWith(word, i)) throw error(word);
        i += word.length();
        return v;
    }

    private void skipSpace() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
    }

    private char peek() {
        if (i >= s.length()) throw error("more input");
        return s.charAt(i);
    }

    private char next() {
        char c = peek();
        i++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) throw error("'" + c + "'", -1);
    }

    private IllegalArgumentException error(String expected) {
        return error(expected, 0);
    }

    private IllegalArgumentException error(String expected, int shift) {
        int at = Math.max(0, Math.min(s.length(), i + shift));
        String near = s.substring(at, Math.min(s.length(), at + 20));
        return new IllegalArgumentException("JSON at offset " + at + ": '" + near + "' (expected: " + expected + ")");
    }
}
