package io.hookrun.asl;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The result object of an {@code http:invoke} task as Step Functions shapes it: {@code StatusCode},
 * {@code StatusText}, {@code Headers} (one string per name) and {@code ResponseBody}, parsed when the response
 * says it is JSON and is, otherwise the text. A body cut at the invoker's size cap is kept as the text read, never
 * parsed (a JSON prefix is no JSON), and the result says so with {@code "ResponseBodyTruncated": true}.
 */
final class HttpTaskResult {

    private HttpTaskResult() {
    }

    static Map<String, Object> of(HttpInvoker.HttpResult response) {
        Map<String, Object> headers = new LinkedHashMap<>();
        response.headers().forEach((name, values) -> {
            if (name != null && !name.startsWith(":")) {
                headers.put(name, String.join(", ", values));
            }
        });
        byte[] bytes = response.truncated() ? withoutCutCharacter(response.body()) : response.body();
        String text = new String(bytes, StandardCharsets.UTF_8);
        Object body = text;
        Object contentType = HttpTask.find(headers, "Content-Type");
        if (!response.truncated() && contentType != null && isJson(String.valueOf(contentType)) && !text.isBlank()) {
            try {
                body = JsonValues.parse(text);
            } catch (IllegalArgumentException e) {
                body = text; // declared JSON but is not: keep the text
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("StatusCode", response.statusCode());
        result.put("StatusText", statusText(response.statusCode()));
        result.put("Headers", headers);
        result.put("ResponseBody", body);
        if (response.truncated()) {
            result.put("ResponseBodyTruncated", true);
        }
        return result;
    }

    /**
     * {@code bytes} without a UTF-8 sequence the cap cut in two, which would otherwise decode as a replacement
     * character at the end of the text.
     */
    static byte[] withoutCutCharacter(byte[] bytes) {
        int start = bytes.length - 1;
        // walk back over at most 3 continuation bytes (10xxxxxx) to the lead byte of the last sequence
        while (start >= 0 && start > bytes.length - 4 && (bytes[start] & 0xc0) == 0x80) {
            start--;
        }
        if (start < 0) {
            return bytes;
        }
        int lead = bytes[start] & 0xff;
        int length = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
        return bytes.length - start < length ? java.util.Arrays.copyOf(bytes, start) : bytes;
    }

    private static boolean isJson(String contentType) {
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    static String statusText(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "";
        };
    }
}
