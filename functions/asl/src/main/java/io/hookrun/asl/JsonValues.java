package io.hookrun.asl;

import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.json.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON text to and from the plain Java values this module works on ({@code Map} with key order kept,
 * {@code List}, {@code String}, {@code Number}, {@code Boolean}, {@code null}). Text is parsed by the JSONata
 * library's own parser, so values are what expressions see, and numbers follow JSONata's JavaScript numbers
 * ({@link JsonNumbers}). Other modules may use their own JSON mapper on the same values.
 */
public final class JsonValues {

    private JsonValues() {
    }

    /** Parses JSON text; throws {@link IllegalArgumentException} with the parser's position for bad text. */
    public static Object parse(String json) {
        if (json == null) {
            throw new IllegalArgumentException("no JSON text (null)");
        }
        try {
            return plain(Json.parseJson(json));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Compact JSON text for a plain value, as JavaScript's {@code JSON.stringify} writes it (the form Step Functions
     * shows): a string becomes a quoted JSON string, numbers are written as JavaScript writes them.
     *
     * @throws IllegalArgumentException for a value that is not JSON (a function, an infinite number)
     */
    public static String write(Object value) {
        StringBuilder text = new StringBuilder();
        write(value, text);
        return text.toString();
    }

    /**
     * The same value in plain collections: JSONata's own list type becomes {@link ArrayList}, its null marker
     * {@code null}, and numbers their plain form ({@link JsonNumbers#plain}: {@code 6/2} is the integer {@code 3},
     * so callers serialise {@code 3} rather than {@code 3.0}). Throws {@link IllegalArgumentException} for anything
     * that is not JSON (a JSONata function value, an infinite number).
     */
    public static Object plain(Object value) {
        if (value == null || value == Jsonata.NULL_VALUE) {
            return null;
        }
        if (value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Number number) {
            return JsonNumbers.plain(number);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), plain(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(plain(item)));
            return copy;
        }
        throw new IllegalArgumentException("not a JSON value: " + value.getClass().getSimpleName());
    }

    private static void write(Object value, StringBuilder text) {
        if (value == null || value == Jsonata.NULL_VALUE) {
            text.append("null");
        } else if (value instanceof String s) {
            quote(s, text);
        } else if (value instanceof Boolean b) {
            text.append(b);
        } else if (value instanceof Number n) {
            text.append(JsonNumbers.write(n));
        } else if (value instanceof Map<?, ?> map) {
            text.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                text.append(first ? "" : ",");
                first = false;
                quote(String.valueOf(e.getKey()), text);
                text.append(':');
                write(e.getValue(), text);
            }
            text.append('}');
        } else if (value instanceof List<?> list) {
            text.append('[');
            for (int i = 0; i < list.size(); i++) {
                text.append(i == 0 ? "" : ",");
                write(list.get(i), text);
            }
            text.append(']');
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getSimpleName());
        }
    }

    /** JSON.stringify's escaping: quote, backslash, the short escapes, other controls and lone surrogates as \\u. */
    private static void quote(String s, StringBuilder text) {
        text.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                case '\b' -> text.append("\\b");
                case '\f' -> text.append("\\f");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                default -> {
                    boolean pairedHigh = Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1));
                    boolean pairedLow = Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
                    if (c < 0x20 || Character.isSurrogate(c) && !pairedHigh && !pairedLow) {
                        text.append(String.format("\\u%04x", (int) c));
                    } else {
                        text.append(c);
                    }
                }
            }
        }
        text.append('"');
    }
}
