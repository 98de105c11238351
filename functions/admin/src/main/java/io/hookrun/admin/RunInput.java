package io.hookrun.admin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The body of {@code POST /admin/workflows/{id}/runs} read as a run's input, as StartExecution reads its {@code input}:
 * one JSON value of any kind (object, array, string, number, boolean, null), at most 256 KiB of UTF-8
 * (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html: "Maximum input or output size for a task,
 * state, or execution: 256 KiB of data as a UTF-8 encoded string"). No body is {@code {}}, the input StartExecution
 * gives an execution started without one. The text is kept exactly as sent: it is what the run's
 * {@code $states.input} is parsed from, and what a named start's retry is compared with.
 */
sealed interface RunInput {

    int MAX_BYTES = 256 * 1024;
    /** The input of a start that sent no body. */
    String NO_INPUT = "{}";

    /**
     * The body is a run input.
     *
     * @param json   the text as sent
     * @param sha256 hex SHA-256 of its UTF-8 bytes: a named start's retry must send the same input
     */
    record Valid(String json, String sha256) implements RunInput {
    }

    /** The body is not a run input; {@code outcome} says why. */
    record Refused(RunStart outcome) implements RunInput {
    }

    /** Reads a request body (null or empty: no input). */
    static RunInput read(byte[] body) {
        if (body != null && body.length > MAX_BYTES) {
            return new Refused(new RunStart.InputTooLarge(body.length, MAX_BYTES));
        }
        String text;
        try {
            text = body == null ? "" : StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return new Refused(new RunStart.InvalidInput("the body is not UTF-8 text"));
        }
        if (text.isBlank()) {
            text = NO_INPUT;
        }
        String problem = JsonCheck.problem(text);
        if (problem != null) {
            return new Refused(new RunStart.InvalidInput(problem));
        }
        return new Valid(text, sha256(text));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Strict JSON, one value: Jackson's streaming parser with its defaults (no comments, NaN or trailing commas). */
    final class JsonCheck {

        private static final JsonFactory JSON = new JsonFactory();

        private JsonCheck() {
        }

        /**
         * Null when {@code text} is exactly one JSON value (whitespace around it allowed), else the problem. Problems say
         * where (line and column), never what the text holds: an input may carry data its sender would not see echoed.
         */
        static String problem(String text) {
            try (JsonParser parser = JSON.createParser(text)) {
                parser.nextToken();
                parser.skipChildren();
                if (parser.nextToken() != null) {
                    return "the body is more than one JSON value: a second one starts at " + where(parser.currentTokenLocation());
                }
            } catch (JsonProcessingException e) {
                return "the body is not JSON: the error is at " + where(e.getLocation());
            } catch (IOException e) {
                throw new UncheckedIOException("reading a string cannot fail", e);
            }
            // SQS refuses these two code points in a message body, and the input travels in one
            // (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html).
            int nonCharacter = text.indexOf('\uFFFE') >= 0 ? 0xFFFE : text.indexOf('\uFFFF') >= 0 ? 0xFFFF : -1;
            if (nonCharacter > 0) {
                return String.format("the body holds the character U+%04X, which an SQS message cannot carry;"
                        + " write it as the JSON escape \\u%04X", nonCharacter, nonCharacter);
            }
            return null;
        }

        private static String where(JsonLocation location) {
            return location == null ? "an unknown place" : "line " + location.getLineNr() + ", column " + location.getColumnNr();
        }
    }
}
