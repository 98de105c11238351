package io.hookrun.webhook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonEOFException;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a sender's JSON into plain Java values (maps in member order, lists, strings, numbers, booleans, null) with
 * jackson-core's streaming parser, refusing what a run should never have to carry, each with its own problem:
 * nesting deeper than {@link JsonLimits#maxJsonDepth}, strings and member names longer than
 * {@link JsonLimits#maxJsonStringChars}, numbers written longer than {@link JsonLimits#maxJsonNumberChars}, a member
 * name used twice in one object (RFC 8259 leaves the meaning open and parsers disagree on which value wins, so two
 * readers of one event could see two different events), and anything after the value.
 *
 * <p>Integers become {@code Integer}, {@code Long} or {@code BigInteger}; decimals become {@code BigDecimal}, so the
 * sender's digits reach the run unchanged. Input is text already decoded as UTF-8 ({@link Utf8Text}): Jackson would
 * otherwise guess UTF-16 or UTF-32 from the first bytes. Jackson's own stream limits are set above these, so the
 * refusals here are the ones a sender sees. Errors give the position (line, column), never a piece of the body.
 */
@Singleton
public class JsonBodyReader {

    static final int MAX_DECIMAL_EXPONENT = 1000;

    private final JsonLimits limits;
    private final JsonFactory factory;

    public JsonBodyReader(JsonLimits limits) {
        this.limits = limits;
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxJsonDepth() + 1)
                        .maxStringLength(Integer.MAX_VALUE)
                        .maxNameLength(Integer.MAX_VALUE)
                        .maxNumberLength(Integer.MAX_VALUE)
                        .build())
                .build();
    }

    /**
     * @param text what the body said, decoded
     * @param what how the detail names the document ("the body", "the form field 'payload'")
     */
    public Object read(String text, String what) throws EventRefusedException {
        try (JsonParser parser = factory.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new EventRefusedException(EventProblem.MALFORMED_JSON, what + " holds no JSON value");
            }
            Object value = value(parser, first, 0, what);
            if (parser.nextToken() != null) {
                throw new EventRefusedException(EventProblem.MALFORMED_JSON, what + " has more after its JSON value, at "
                        + position(parser.currentTokenLocation()));
            }
            return value;
        } catch (JsonEOFException e) {
            throw new EventRefusedException(EventProblem.MALFORMED_JSON, what + " is not valid JSON: it ends before "
                    + "its value is complete, at " + position(e.getLocation()));
        } catch (JsonProcessingException e) {
            throw new EventRefusedException(EventProblem.MALFORMED_JSON, what + " is not valid JSON: unexpected input "
                    + "at " + position(e.getLocation()));
        } catch (IOException e) {
            throw new EventRefusedException(EventProblem.MALFORMED_JSON, what + " is not valid JSON");
        }
    }

    /** Whether {@code text} looks like a JSON object or array: its first non-blank character opens one. */
    public static boolean looksLikeJsonContainer(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return c == '{' || c == '[';
            }
        }
        return false;
    }

    private Object value(JsonParser parser, JsonToken token, int enclosing, String what) throws IOException,
            EventRefusedException {
        return switch (token) {
            case START_OBJECT -> object(parser, depth(parser, enclosing, what), what);
            case START_ARRAY -> array(parser, depth(parser, enclosing, what), what);
            case VALUE_STRING -> string(parser, what);
            case VALUE_NUMBER_INT -> {
                numberLength(parser, what);
                yield parser.getNumberValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                numberLength(parser, what);
                yield decimal(parser, what);
            }
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new EventRefusedException(EventProblem.MALFORMED_JSON, what + " is not valid JSON at "
                    + position(parser.currentTokenLocation()));
        };
    }

    private Map<String, Object> object(JsonParser parser, int depth, String what) throws IOException,
            EventRefusedException {
        Map<String, Object> members = new LinkedHashMap<>();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            if (name.length() > limits.maxJsonStringChars()) {
                throw tooLong(EventProblem.JSON_STRING_TOO_LONG, "a member name", name.length(),
                        limits.maxJsonStringChars(), parser, what);
            }
            if (members.containsKey(name)) {
                throw new EventRefusedException(EventProblem.DUPLICATE_JSON_KEY, what + " names the same member "
                        + "twice in one object, at " + position(parser.currentTokenLocation())
                        + "; send each member once");
            }
            members.put(name, value(parser, parser.nextToken(), depth, what));
        }
        if (token != JsonToken.END_OBJECT) {
            throw new EventRefusedException(EventProblem.MALFORMED_JSON, what + " is not valid JSON at "
                    + position(parser.currentTokenLocation()));
        }
        return members;
    }

    private List<Object> array(JsonParser parser, int depth, String what) throws IOException, EventRefusedException {
        List<Object> items = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw new EventRefusedException(EventProblem.MALFORMED_JSON, what + " is not valid JSON: it ends "
                        + "before its value is complete");
            }
            items.add(value(parser, token, depth, what));
        }
        return items;
    }

    private int depth(JsonParser parser, int enclosing, String what) throws EventRefusedException {
        int depth = enclosing + 1;
        if (depth > limits.maxJsonDepth()) {
            throw new EventRefusedException(EventProblem.JSON_TOO_DEEP, what + " nests objects and arrays deeper than "
                    + limits.maxJsonDepth() + " levels (at " + position(parser.currentTokenLocation()) + ")");
        }
        return depth;
    }

    private String string(JsonParser parser, String what) throws IOException, EventRefusedException {
        int length = parser.getTextLength();
        if (length > limits.maxJsonStringChars()) {
            throw tooLong(EventProblem.JSON_STRING_TOO_LONG, "a string", length, limits.maxJsonStringChars(), parser,
                    what);
        }
        return parser.getText();
    }

    private void numberLength(JsonParser parser, String what) throws IOException, EventRefusedException {
        int length = parser.getTextLength();
        if (length > limits.maxJsonNumberChars()) {
            throw tooLong(EventProblem.JSON_NUMBER_TOO_LONG, "a number", length, limits.maxJsonNumberChars(), parser,
                    what);
        }
    }

    /**
     * A decimal whose exponent stays within {@value #MAX_DECIMAL_EXPONENT} either way. {@code 1e999999999} is short
     * text, but writing it out in full ({@code toPlainString}) or testing it for integrality (a JSON Schema
     * {@code "type": "integer"}) would build a number of a billion digits: one such body could exhaust a Lambda's
     * memory. Doubles stop at about 1e308, so no real sender is refused.
     */
    private BigDecimal decimal(JsonParser parser, String what) throws IOException, EventRefusedException {
        BigDecimal value;
        try {
            value = parser.getDecimalValue();
        } catch (NumberFormatException exponentBeyondInt) {
            // 1e99999999999: the exponent does not even fit BigDecimal's int scale. Same refusal as below.
            value = null;
        }
        if (value == null || Math.abs((long) value.scale()) > MAX_DECIMAL_EXPONENT) {
            throw new EventRefusedException(EventProblem.JSON_NUMBER_TOO_LONG, what + " has a number whose exponent is"
                    + " out of range at " + position(parser.currentTokenLocation()) + "; numbers from 1e-"
                    + MAX_DECIMAL_EXPONENT + " to 1e" + MAX_DECIMAL_EXPONENT + " are accepted");
        }
        return value;
    }

    private static EventRefusedException tooLong(EventProblem problem, String thing, int length, int max,
                                                 JsonParser parser, String what) {
        return new EventRefusedException(problem, what + " has " + thing + " of " + length + " characters at "
                + position(parser.currentTokenLocation()) + "; at most " + max + " are accepted");
    }

    private static String position(JsonLocation location) {
        if (location == null) {
            return "an unknown position";
        }
        return "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
