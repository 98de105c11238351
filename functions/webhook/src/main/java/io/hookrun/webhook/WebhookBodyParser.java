package io.hookrun.webhook;

import io.hookrun.core.signature.WebhookRequest;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Turns a webhook body into the CloudEvent's {@code data}: JSON bodies are parsed (and must be valid), other
 * media types are kept as text, and an empty body is {@code null}: body-less pings are events too.
 */
@Singleton
public class WebhookBodyParser {

    /** A body that claims to be JSON but is not. */
    public static class MalformedBodyException extends Exception {
        MalformedBodyException(String message) {
            super(message);
        }
    }

    /** The parsed data and the media type it had. */
    public record ParsedBody(String contentType, Object data) {
    }

    private final JsonMapper json;

    public WebhookBodyParser(JsonMapper json) {
        this.json = json;
    }

    public ParsedBody parse(WebhookRequest request) throws MalformedBodyException {
        String contentType = request.header("content-type").orElse("application/json");
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        byte[] body = request.body();
        if (body.length == 0) {
            return new ParsedBody(mediaType, null);
        }
        if (!isJson(mediaType)) {
            return new ParsedBody(mediaType, new String(body, StandardCharsets.UTF_8));
        }
        try {
            return new ParsedBody(mediaType, json.readValue(body, Argument.OBJECT_ARGUMENT));
        } catch (IOException | RuntimeException e) {
            throw new MalformedBodyException("the body is not valid JSON (" + firstLine(e.getMessage()) + ")");
        }
    }

    private static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String line = message.lines().findFirst().orElse("unreadable");
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
