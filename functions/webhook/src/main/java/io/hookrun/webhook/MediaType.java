package io.hookrun.webhook;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A Content-Type value (RFC 9110 section 8.3.1): {@code type/subtype} compared case-insensitively, and its
 * parameters (names lower-cased, quoted values unquoted).
 *
 * @param essence {@code type/subtype}, lower-case
 * @param value   the header as sent, for {@code datacontenttype}
 */
record MediaType(String essence, Map<String, String> parameters, String value) {

    static final String JSON = "application/json";
    static final String FORM = "application/x-www-form-urlencoded";
    static final String TEXT = "text/plain";
    static final String CLOUDEVENT = "application/cloudevents+json";
    static final String CLOUDEVENT_BATCH = "application/cloudevents-batch+json";

    /** Parses a header value; empty when it is not {@code type/subtype} with a token on each side. */
    static Optional<MediaType> parse(String header) {
        String[] parts = header.split(";");
        if (parts.length == 0) {
            return Optional.empty(); // only semicolons: split drops every empty part
        }
        String essence = parts[0].trim().toLowerCase(Locale.ROOT);
        int slash = essence.indexOf('/');
        if (slash <= 0 || slash == essence.length() - 1 || essence.indexOf('/', slash + 1) >= 0
                || !essence.chars().allMatch(c -> c == '/' || isTokenChar(c))) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            int equals = parameter.indexOf('=');
            if (equals > 0) {
                String value = parameter.substring(equals + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                parameters.put(parameter.substring(0, equals).trim().toLowerCase(Locale.ROOT), value);
            }
        }
        return Optional.of(new MediaType(essence, Map.copyOf(parameters), header.trim()));
    }

    /** {@code application/json} or any {@code +json} structured syntax suffix (RFC 6839). */
    boolean isJson() {
        return essence.equals(JSON) || essence.endsWith("+json");
    }

    /** Whether the charset parameter is absent or UTF-8 (the only text encoding hookrun reads). */
    boolean utf8OrNoCharset() {
        String charset = parameters.get("charset");
        return charset == null || charset.equalsIgnoreCase("utf-8") || charset.equalsIgnoreCase("utf8");
    }

    /** Matches a trigger's listed type: exact, or {@code type/*}; parameters are ignored. */
    boolean matches(String listed) {
        String pattern = listed.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (pattern.endsWith("/*")) {
            return essence.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return essence.equals(pattern);
    }

    private static boolean isTokenChar(int c) {
        return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }
}
