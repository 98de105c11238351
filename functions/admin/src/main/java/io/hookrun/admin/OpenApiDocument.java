package io.hookrun.admin;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.hookrun.lambda.http.HttpResponses;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code GET /admin/openapi.json}: the OpenAPI 3.1 document of hookrun's HTTP API
 * ({@value #RESOURCE}, written by hand next to the route table it describes; a test keeps the two in step). Read from
 * the jar on first use and kept: it never changes while the function runs.
 */
@Singleton
public class OpenApiDocument {

    static final String RESOURCE = "/openapi/hookrun.json";

    private final HttpResponses responses;
    private volatile String text;

    public OpenApiDocument(HttpResponses responses) {
        this.responses = responses;
    }

    public APIGatewayV2HTTPResponse answer() {
        return responses.rawJson(200, text(), Map.of("Cache-Control", "max-age=300"));
    }

    /** The document's JSON text. */
    String text() {
        String read = text;
        if (read == null) {
            read = read();
            text = read;
        }
        return read;
    }

    private static String read() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
