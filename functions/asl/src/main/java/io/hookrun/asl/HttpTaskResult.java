package io.hookrun.asl;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The result object of an {@code http:invoke} task as Step Functions shapes it: {@code StatusCode},
 * {@code StatusText}, {@code Headers} (one string per name) and {@code ResponseBody}, parsed when the response
 * says it is JSON and is, otherwise the text.
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
        String text = new String(response.body(), StandardCharsets.UTF_8);
        Object body = text;
        Object contentType = HttpTask.find(headers, "Content-Type");
        if (contentType != null && isJson(String.valueOf(contentType)) && !text.isBlank()) {
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
        return result;
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
