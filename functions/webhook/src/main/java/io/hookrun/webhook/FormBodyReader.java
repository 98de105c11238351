package io.hookrun.webhook;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an {@code application/x-www-form-urlencoded} body (the WHATWG URL standard's parser: {@code &}-separated
 * {@code name=value} pairs, {@code +} is a space, {@code %XX} a byte) into a JSON object: one field is a string, a
 * repeated field an array of strings in the order sent. Percent-decoded bytes must be UTF-8, as in every text body;
 * a broken escape ({@code %G1}, a lone {@code %}) is refused rather than passed through.
 */
final class FormBodyReader {

    private FormBodyReader() {
    }

    static Map<String, Object> read(String body) throws EventRefusedException {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            fields.merge(name, value, FormBodyReader::append);
        }
        return fields;
    }

    @SuppressWarnings("unchecked")
    private static Object append(Object existing, Object added) {
        List<Object> values;
        if (existing instanceof List<?> list) {
            values = (List<Object>) list;
        } else {
            values = new ArrayList<>();
            values.add(existing);
        }
        values.add(added);
        return values;
    }

    /** Percent-decodes {@code encoded} (valid UTF-8 already); runs of escaped bytes must decode as UTF-8 too. */
    private static String decode(String encoded) throws EventRefusedException {
        StringBuilder text = new StringBuilder(encoded.length());
        ByteArrayOutputStream escaped = new ByteArrayOutputStream();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    throw broken();
                }
                int high = Character.digit(encoded.charAt(i + 1), 16);
                int low = Character.digit(encoded.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw broken();
                }
                escaped.write(high << 4 | low);
                i += 2;
            } else {
                flush(escaped, text);
                text.append(c == '+' ? ' ' : c);
            }
        }
        flush(escaped, text);
        return text.toString();
    }

    private static void flush(ByteArrayOutputStream escaped, StringBuilder text) throws EventRefusedException {
        if (escaped.size() > 0) {
            text.append(Utf8Text.decode(escaped.toByteArray(), "a percent-encoded form field"));
            escaped.reset();
        }
    }

    private static EventRefusedException broken() {
        return new EventRefusedException(EventProblem.MALFORMED_FORM, "the form body has a '%' that is not followed by"
                + " two hexadecimal digits; percent-encode it as %25");
    }
}
