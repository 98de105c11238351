package io.hookrun.lambda.logging;

import org.slf4j.event.Level;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One log event as one line of JSON: {@code timestamp} (RFC 3339 UTC, milliseconds), {@code level}, {@code logger},
 * {@code message} (formatted), {@code thread}, then each MDC entry as a field of its own (sorted, so a line reads the
 * same every time), then {@code exception} ({@code class}, {@code message}, {@code stack}: the whole trace with its
 * causes as one string). Every string is escaped here, so a message holding quotes, line breaks or control characters
 * still makes exactly one line that parses; nothing a sender sent can forge a second log entry.
 *
 * <p>{@code level} and {@code timestamp} are the keys Lambda's log-level filtering reads from JSON lines it did not
 * format itself: https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html
 */
public final class JsonLogLine {

    /** The fields every line has; an MDC entry with one of these names is left out rather than shadow it. */
    public static final Set<String> RESERVED = Set.of("timestamp", "level", "logger", "message", "thread", "exception");

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonLogLine() {
    }

    /** The line, ending in {@code \n}. */
    public static String format(Instant time, Level level, String logger, String message, String thread,
                                Map<String, String> mdc, Throwable failure) {
        StringBuilder line = new StringBuilder(256);
        line.append("{\"timestamp\":\"").append(TIMESTAMP.format(time)).append('"');
        line.append(",\"level\":\"").append(level.name()).append('"');
        field(line, "logger", logger);
        field(line, "message", message);
        field(line, "thread", thread);
        if (mdc != null && !mdc.isEmpty()) {
            for (Map.Entry<String, String> entry : new TreeMap<>(mdc).entrySet()) {
                if (entry.getKey() != null && entry.getValue() != null && !RESERVED.contains(entry.getKey())) {
                    field(line, entry.getKey(), entry.getValue());
                }
            }
        }
        if (failure != null) {
            line.append(",\"exception\":{");
            line.append("\"class\":");
            string(line, failure.getClass().getName());
            if (failure.getMessage() != null) {
                field(line, "message", failure.getMessage());
            }
            field(line, "stack", stackTrace(failure));
            line.append('}');
        }
        return line.append("}\n").toString();
    }

    private static void field(StringBuilder line, String name, String value) {
        line.append(',');
        string(line, name);
        line.append(':');
        if (value == null) {
            line.append("null");
        } else {
            string(line, value);
        }
    }

    /**
     * {@code text} as a JSON string (RFC 8259 section 7): quote, backslash and every control character escaped, and
     * also DEL, the line and paragraph separators (JavaScript readers break lines there) and unpaired surrogates
     * (which no UTF-8 encoder can write), so the line stays one line of valid UTF-8 whatever the text holds.
     */
    static void string(StringBuilder out, String text) {
        out.append('"');
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        unicode(out, c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < length
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        unicode(out, c);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void unicode(StringBuilder out, char c) {
        out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
    }

    private static String stackTrace(Throwable failure) {
        StringWriter text = new StringWriter();
        try (PrintWriter writer = new PrintWriter(text)) {
            failure.printStackTrace(writer);
        }
        return text.toString();
    }
}
