package io.hookrun.asl;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * An {@code http:invoke} request body as {@code application/x-www-form-urlencoded}, for
 * {@code "Transform": {"RequestBodyEncoding": "URL_ENCODED"}} ("Call HTTPS APIs in Step Functions workflows",
 * "Applying URL-encoding on request body"). Arrays follow {@code RequestEncodingOptions.ArrayFormat}, with AWS's
 * examples for {@code {"array": ["a","b","c","d"]}}:
 * <ul>
 *   <li>{@code INDICES} (the default): {@code array[0]=a&array[1]=b&array[2]=c&array[3]=d}</li>
 *   <li>{@code REPEAT}: {@code array=a&array=b&array=c&array=d}</li>
 *   <li>{@code COMMAS}: {@code array=a,b,c,d}</li>
 *   <li>{@code BRACKETS}: {@code array[]=a&array[]=b&array[]=c&array[]=d}</li>
 * </ul>
 * A nested object's fields are {@code parent[field]}, as in AWS's example ({@code "metadata": {"order_details": ...}}
 * becomes {@code metadata[order_details]=...}), recursively; arrays inside arrays and objects inside arrays take
 * their index ({@code INDICES}), nothing ({@code REPEAT}) or {@code []} ({@code BRACKETS}) in the same way, and
 * under {@code COMMAS} only an array of scalars is joined (one holding objects or arrays is written as
 * {@code INDICES}: a comma list cannot carry structure). Names and values are percent-encoded (RFC 3986, UTF-8,
 * a space as {@code %20}, brackets as {@code %5B %5D}), the commas that join a {@code COMMAS} list are not (a comma
 * inside a value is {@code %2C}). Numbers and booleans are written as JSON writes them; null as an empty value;
 * an empty array or object contributes nothing.
 */
final class UrlEncodedBody {

    static final String NONE = "NONE";
    static final String URL_ENCODED = "URL_ENCODED";
    static final Set<String> ENCODINGS = Set.of(NONE, URL_ENCODED);
    static final String INDICES = "INDICES";
    static final Set<String> ARRAY_FORMATS = Set.of(INDICES, "REPEAT", "COMMAS", "BRACKETS");
    static final String CONTENT_TYPE = "application/x-www-form-urlencoded";

    private final String arrayFormat;
    private final StringJoiner pairs = new StringJoiner("&");

    private UrlEncodedBody(String arrayFormat) {
        this.arrayFormat = arrayFormat;
    }

    /** {@code body}'s fields, URL-encoded; {@code arrayFormat} one of {@link #ARRAY_FORMATS}. */
    static String encode(Map<?, ?> body, String arrayFormat) {
        UrlEncodedBody encoder = new UrlEncodedBody(arrayFormat.toUpperCase(Locale.ROOT));
        body.forEach((name, value) -> encoder.add(String.valueOf(name), value));
        return encoder.pairs.toString();
    }

    private void add(String name, Object value) {
        if (value instanceof Map<?, ?> object) {
            object.forEach((field, v) -> add(name + "[" + field + "]", v));
        } else if (value instanceof List<?> list) {
            addArray(name, list);
        } else {
            pairs.add(encode(name) + "=" + encode(scalar(value)));
        }
    }

    private void addArray(String name, List<?> list) {
        boolean scalars = list.stream().noneMatch(v -> v instanceof Map || v instanceof List);
        String format = "COMMAS".equals(arrayFormat) && !scalars ? INDICES : arrayFormat;
        switch (format) {
            case "COMMAS" -> {
                if (!list.isEmpty()) {
                    StringJoiner values = new StringJoiner(",");
                    list.forEach(v -> values.add(encode(scalar(v))));
                    pairs.add(encode(name) + "=" + values);
                }
            }
            case "REPEAT" -> list.forEach(v -> add(name, v));
            case "BRACKETS" -> list.forEach(v -> add(name + "[]", v));
            default -> {
                for (int i = 0; i < list.size(); i++) {
                    add(name + "[" + i + "]", list.get(i));
                }
            }
        }
    }

    private static String scalar(Object value) {
        if (value == null) {
            return "";
        }
        return value instanceof String s ? s : JsonValues.write(value);
    }

    /** RFC 3986 percent-encoding: {@link URLEncoder} writes form encoding, whose {@code +} for a space is ambiguous. */
    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }
}
