package io.hookrun.webhook;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves an RFC 6901 JSON pointer ({@code /data/id}, {@code /items/0}, {@code ~1} for '/', {@code ~0} for '~')
 * against plain Java JSON values. A pointer names a value that may be JSON {@code null}: {@link Found} tells "there,
 * and null" from "not there".
 */
final class JsonPointer {

    /** The value a pointer found; {@code value} may be null (JSON null). */
    record Found(Object value) {
    }

    private JsonPointer() {
    }

    /**
     * @throws IllegalStateException when {@code pointer} is not a JSON pointer: the trigger or scheme that gave it is
     *                               misconfigured, which no sender can fix
     */
    static Optional<Found> resolve(Object document, String pointer) {
        if (pointer.isEmpty()) {
            return Optional.of(new Found(document));
        }
        if (!pointer.startsWith("/")) {
            throw new IllegalStateException("not a JSON pointer (it must be empty or start with '/'): " + pointer);
        }
        Object current = document;
        for (String encoded : pointer.substring(1).split("/", -1)) {
            String token = encoded.replace("~1", "/").replace("~0", "~");
            if (current instanceof Map<?, ?> map) {
                if (!map.containsKey(token)) {
                    return Optional.empty();
                }
                current = map.get(token);
            } else if (current instanceof List<?> list) {
                int index = index(token);
                if (index < 0 || index >= list.size()) {
                    return Optional.empty();
                }
                current = list.get(index);
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(new Found(current));
    }

    /** An array index as RFC 6901 writes it: digits, no leading zero; -1 otherwise. */
    private static int index(String token) {
        if (token.isEmpty() || token.length() > 9 || (token.length() > 1 && token.charAt(0) == '0')
                || !token.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Integer.parseInt(token);
    }
}
