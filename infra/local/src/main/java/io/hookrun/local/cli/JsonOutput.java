package io.hookrun.local.cli;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON as the commands read and write it: parsed into maps, lists and scalars; written on one line (answers,
 * {@code --output json}) or pretty with two-space indents and a final newline (files {@code export} writes, kept in
 * git: a stable layout makes small diffs).
 */
final class JsonOutput {

    private static final JsonMapper JSON = JsonMapper.createDefault();

    private JsonOutput() {
    }

    /** Any JSON value; an {@link IOException} when the bytes are not one. */
    static Object parse(byte[] bytes) throws IOException {
        return JSON.readValue(bytes, Argument.OBJECT_ARGUMENT);
    }

    /** The bytes as a JSON object; an empty map when they are empty or not an object. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> objectOrEmpty(byte[] bytes) {
        if (bytes.length == 0) {
            return Map.of();
        }
        try {
            return parse(bytes) instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }

    static String compact(Object value) {
        try {
            return new String(JSON.writeValueAsBytes(value), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Two-space indents, keys in their order, a newline at the end. */
    static String pretty(Object value) {
        StringBuilder b = new StringBuilder();
        pretty(value, b, "");
        return b.append('\n').toString();
    }

    private static void pretty(Object value, StringBuilder b, String indent) {
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            b.append("{\n");
            Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
            while (entries.hasNext()) {
                Map.Entry<?, ?> entry = entries.next();
                b.append(indent).append("  ").append(compact(String.valueOf(entry.getKey()))).append(": ");
                pretty(entry.getValue(), b, indent + "  ");
                b.append(entries.hasNext() ? ",\n" : "\n");
            }
            b.append(indent).append('}');
        } else if (value instanceof List<?> list && !list.isEmpty()) {
            b.append("[\n");
            for (int i = 0; i < list.size(); i++) {
                b.append(indent).append("  ");
                pretty(list.get(i), b, indent + "  ");
                b.append(i < list.size() - 1 ? ",\n" : "\n");
            }
            b.append(indent).append(']');
        } else {
            b.append(compact(value));
        }
    }

    /**
     * A JSON value made comparable with {@link Object#equals}: numbers as {@link BigDecimal} without trailing zeros
     * ({@code 1}, {@code 1.0} and {@code 1e0} are one number, however a parser typed them), maps and lists rebuilt.
     */
    static Object comparable(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), comparable(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(comparable(v)));
            return copy;
        }
        if (value instanceof Number number) {
            try {
                return new BigDecimal(number.toString()).stripTrailingZeros();
            } catch (NumberFormatException e) {
                return number.toString(); // NaN, Infinity: not JSON, compared as text
            }
        }
        return value;
    }
}
