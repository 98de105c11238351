package io.hookrun.asl;

import com.dashjoin.jsonata.Functions;
import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.json.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON text to and from the plain Java values this module works on ({@code Map} with key order kept,
 * {@code List}, {@code String}, {@code Number}, {@code Boolean}, {@code null}), through the JSONata library's
 * own parser and serialiser so that values round-trip exactly as expressions see them. Other modules may use
 * their own JSON mapper on the same values.
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

    /** Compact JSON text for a plain value; a string becomes a quoted JSON string. */
    public static String write(Object value) {
        if (value instanceof String) {
            String array = Functions.string(List.of(value), false); // the library leaves a bare string unquoted
            return array.substring(1, array.length() - 1);
        }
        return value == null ? "null" : Functions.string(value, false);
    }

    /**
     * The same value in plain collections: JSONata's own list type becomes {@link ArrayList}, its null marker
     * {@code null}, and whole doubles (as {@code 6/2} yields) integers, so that callers serialise {@code 3}
     * rather than {@code 3.0}. Throws {@link IllegalArgumentException} for anything that is not JSON
     * (a JSONata function value, an infinite number).
     */
    public static Object plain(Object value) {
        if (value == null || value == Jsonata.NULL_VALUE) {
            return null;
        }
        if (value instanceof String || value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            return value;
        }
        if (value instanceof Number number) {
            return plainNumber(number);
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

    private static Object plainNumber(Number number) {
        double d = number.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("not a JSON number: " + number);
        }
        if (d == Math.rint(d) && Math.abs(d) < 9.0e15) {
            long whole = (long) d;
            return whole == (int) whole ? (Object) (int) whole : (Object) whole;
        }
        return number;
    }
}
