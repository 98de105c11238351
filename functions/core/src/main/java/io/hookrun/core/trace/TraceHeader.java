package io.hookrun.core.trace;

import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * An X-Ray trace header, {@code Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1}: the
 * value of the {@code X-Amzn-Trace-Id} HTTP header, of SQS's {@code AWSTraceHeader} message system attribute and of
 * the Lambda Java runtime's {@code com.amazonaws.xray.traceHeader} system property.
 * https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-tracingheader
 *
 * <p>hookrun records no segments of its own (no X-Ray SDK, see ADR 0008): it carries the header it was given, so the
 * webhook invocation, every step invocation and every downstream call share one trace id ({@link #root()}).
 * A downstream call gets the same root and sampling decision with a fresh {@code Parent} ({@link #child}): the id of
 * the (unrecorded) call, which X-Ray accepts as an upstream reference.
 *
 * @param root    {@code 1-<8 hex epoch seconds>-<24 hex>}
 * @param parent  16 hex digits, or null
 * @param sampled {@code "1"}, {@code "0"}, {@code "?"}, or null when the header says nothing
 */
public record TraceHeader(String root, String parent, String sampled) {

    /** The HTTP header name. */
    public static final String HTTP_HEADER = "X-Amzn-Trace-Id";
    /** The SQS message system attribute name (SendMessage {@code MessageSystemAttributes}). */
    public static final String SQS_ATTRIBUTE = "AWSTraceHeader";

    public TraceHeader {
        if (root == null || !root.matches("1-[0-9a-fA-F]{8}-[0-9a-fA-F]{24}")) {
            throw new IllegalArgumentException("not an X-Ray trace root: " + root);
        }
        if (parent != null && !parent.matches("[0-9a-fA-F]{16}")) {
            parent = null;
        }
    }

    /**
     * Reads a header; empty when there is none or it names no valid root. Keys are case-insensitive, unknown keys
     * (Lineage, Self) are ignored.
     */
    public static Optional<TraceHeader> parse(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String root = null;
        String parent = null;
        String sampled = null;
        for (String part : header.split(";")) {
            int equals = part.indexOf('=');
            if (equals < 0) {
                continue;
            }
            String key = part.substring(0, equals).trim().toLowerCase(Locale.ROOT);
            String value = part.substring(equals + 1).trim();
            switch (key) {
                case "root" -> root = value;
                case "parent" -> parent = value;
                case "sampled" -> sampled = value;
                default -> { }
            }
        }
        try {
            return Optional.of(new TraceHeader(root, parent, sampled));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The same trace and sampling decision under a new parent id: what an outbound call sends. */
    public TraceHeader child(RandomGenerator random) {
        return new TraceHeader(root, String.format("%016x", random.nextLong()), sampled);
    }

    /** The header value, keys in X-Ray's order. */
    @Override
    public String toString() {
        StringBuilder value = new StringBuilder("Root=").append(root);
        if (parent != null) {
            value.append(";Parent=").append(parent);
        }
        if (sampled != null) {
            value.append(";Sampled=").append(sampled);
        }
        return value.toString();
    }
}
