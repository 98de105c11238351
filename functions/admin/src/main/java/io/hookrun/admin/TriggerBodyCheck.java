package io.hookrun.admin;

import io.hookrun.core.config.HookrunConfiguration;
import io.hookrun.core.signature.HmacSettings;
import io.hookrun.core.signature.SignatureScheme;
import io.hookrun.core.signature.SignatureSettings;
import io.hookrun.core.signature.SignatureVerifier;
import io.hookrun.core.trigger.EventSettings;
import io.hookrun.core.trigger.RateLimit;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns the {@code signature} (minus secrets) and {@code event} parts of a trigger body into settings, collecting
 * every problem. No problem quotes a value from the body: a secret may have been pasted into any field.
 */
@Singleton
public class TriggerBodyCheck {

    static final int MAX_TOLERANCE_SECONDS = 3600;
    static final int MAX_TYPES = 100;
    static final int MAX_TYPE_LENGTH = 256;
    static final int MAX_CONTENT_TYPES = 20;
    /** RFC 9110 media type {@code type/subtype}, token characters only, no parameters. */
    private static final Pattern MEDIA_TYPE = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+/[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** RFC 6901: empty (the whole document), or {@code /}-separated tokens where {@code ~} only starts ~0 or ~1. */
    private static final Pattern JSON_POINTER = Pattern.compile("(/([^~/]|~[01])*)*");
    /** An HTTP header name (RFC 9110 token). */
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}");

    /** The settings, when {@link #problems()} is empty. */
    record Checked(List<String> problems, @Nullable SignatureSettings signature, @Nullable EventSettings events,
                   Optional<SignatureScheme> scheme) {
    }

    private final SignatureVerifier verifier;
    private final SchemaCheck schemaCheck;
    private final JsonMapper json;
    private final int deploymentMaxBodyBytes;

    public TriggerBodyCheck(SignatureVerifier verifier, SchemaCheck schemaCheck, JsonMapper json,
                            HookrunConfiguration config) {
        this.verifier = verifier;
        this.schemaCheck = schemaCheck;
        this.json = json;
        this.deploymentMaxBodyBytes = config.maxBodyBytes();
    }

    Checked check(TriggerBody.Signature signature, @Nullable TriggerBody.Event event) {
        List<String> problems = new ArrayList<>();
        Optional<SignatureScheme> scheme = signature.scheme() == null ? Optional.empty() : verifier.scheme(signature.scheme());
        if (scheme.isEmpty()) {
            problems.add("signature.scheme must be one of " + verifier.schemeNames());
        }
        Integer tolerance = signature.toleranceSeconds();
        if (tolerance != null && (tolerance < 1 || tolerance > MAX_TOLERANCE_SECONDS)) {
            problems.add("signature.toleranceSeconds must be from 1 to " + MAX_TOLERANCE_SECONDS);
        }
        HmacSettings hmac = signature.hmac() == null ? null : hmac(signature.hmac(), problems);
        SignatureSettings settings = null;
        if (scheme.isPresent() && (signature.hmac() == null || hmac != null)) {
            settings = new SignatureSettings(scheme.get().name(),
                    tolerance == null ? null : Duration.ofSeconds(tolerance), hmac);
            // A scheme names the field itself ("signature.hmac.timestampHeader is required ..."), or is prefixed here.
            scheme.get().settingsProblems(settings)
                    .forEach(p -> problems.add(p.startsWith("signature") ? p : "signature: " + p));
        }
        EventSettings events = event == null ? EventSettings.DEFAULTS : events(event, problems);
        return new Checked(List.copyOf(problems), problems.isEmpty() ? settings : null,
                problems.isEmpty() ? events : null, scheme);
    }

    /** Null when some field cannot be turned into a setting (the problems say which). */
    private static HmacSettings hmac(TriggerBody.Hmac h, List<String> problems) {
        int before = problems.size();
        if (h.header() == null || !HEADER_NAME.matcher(h.header()).matches()) {
            problems.add("signature.hmac.header must be an HTTP header name");
        }
        HmacSettings.Encoding encoding = choice("signature.hmac.encoding", h.encoding(), HmacSettings.Encoding.class, problems);
        HmacSettings.Algorithm algorithm = choice("signature.hmac.algorithm", h.algorithm(), HmacSettings.Algorithm.class, problems);
        HmacSettings.Signed signed = choice("signature.hmac.signed", h.signed(), HmacSettings.Signed.class, problems);
        for (String[] header : new String[][]{{"timestampHeader", h.timestampHeader()},
                {"deliveryIdHeader", h.deliveryIdHeader()}, {"eventTypeHeader", h.eventTypeHeader()}}) {
            if (header[1] != null && !HEADER_NAME.matcher(header[1]).matches()) {
                problems.add("signature.hmac." + header[0] + " must be an HTTP header name");
            }
        }
        if (h.deliveryIdPointer() != null && !isPointer(h.deliveryIdPointer())) {
            problems.add("signature.hmac.deliveryIdPointer must be a JSON pointer (RFC 6901), such as /id");
        }
        if (h.prefix() != null && h.prefix().length() > 64 || h.separator() != null && h.separator().length() > 16) {
            problems.add("signature.hmac.prefix may have at most 64 characters, separator at most 16");
        }
        return problems.size() > before ? null : new HmacSettings(h.header(), h.prefix(), encoding, algorithm, signed,
                h.separator(), h.timestampHeader(), h.deliveryIdHeader(), h.deliveryIdPointer(), h.eventTypeHeader());
    }

    private EventSettings events(TriggerBody.Event e, List<String> problems) {
        if (e.idempotencyKeyPointer() != null && !isPointer(e.idempotencyKeyPointer())) {
            problems.add("event.idempotencyKeyPointer must be a JSON pointer (RFC 6901), such as /id");
        }
        List<String> types = e.types() == null ? List.of() : e.types();
        if (types.size() > MAX_TYPES) {
            problems.add("event.types may list at most " + MAX_TYPES + " types");
        }
        for (int i = 0; i < types.size(); i++) {
            String type = types.get(i);
            if (type == null || type.isBlank() || type.length() > MAX_TYPE_LENGTH) {
                problems.add("event.types[" + i + "] must be a non-blank string of at most " + MAX_TYPE_LENGTH + " characters");
            }
        }
        List<String> contentTypes = e.contentTypes() == null ? List.of() : e.contentTypes();
        if (contentTypes.size() > MAX_CONTENT_TYPES) {
            problems.add("event.contentTypes may list at most " + MAX_CONTENT_TYPES + " media types");
        }
        for (int i = 0; i < contentTypes.size(); i++) {
            if (contentTypes.get(i) == null || !MEDIA_TYPE.matcher(contentTypes.get(i)).matches()) {
                problems.add("event.contentTypes[" + i + "] must be a media type type/subtype, without parameters");
            }
        }
        if (e.maxBodyBytes() != null && (e.maxBodyBytes() < 1 || e.maxBodyBytes() > deploymentMaxBodyBytes)) {
            problems.add("event.maxBodyBytes must be from 1 to " + deploymentMaxBodyBytes + " (the deployment's limit)");
        }
        RateLimit rateLimit = null;
        if (e.rateLimit() != null) {
            if (e.rateLimit().perSecond() == null || e.rateLimit().burst() == null) {
                problems.add("event.rateLimit needs perSecond and burst");
            } else {
                rateLimit = new RateLimit(e.rateLimit().perSecond(), e.rateLimit().burst());
                String problem = rateLimit.problem();
                if (problem != null) {
                    problems.add("event." + problem);
                }
            }
        }
        String schema = null;
        if (e.schema() != null) {
            List<String> schemaProblems = schemaCheck.problems(e.schema());
            problems.addAll(schemaProblems);
            schema = schemaProblems.isEmpty() ? write(e.schema()) : null;
        }
        return new EventSettings(e.idempotencyKeyPointer(), types, schema, contentTypes, e.maxBodyBytes(), rateLimit);
    }

    static boolean isPointer(String pointer) {
        return JSON_POINTER.matcher(pointer).matches();
    }

    /** {@code timestamp-body} to {@code TIMESTAMP_BODY}; a problem listing the names when it is none of them. */
    private static <E extends Enum<E>> E choice(String field, @Nullable String value, Class<E> type, List<String> problems) {
        List<String> names = Arrays.stream(type.getEnumConstants()).map(TriggerBodyCheck::apiName).toList();
        if (value != null && names.contains(value)) {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
        problems.add(field + " must be one of " + names);
        return null;
    }

    /** The API's name of a settings enum value: {@code TIMESTAMP_BODY} is {@code timestamp-body}. */
    static String apiName(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private String write(Object schema) {
        try {
            return json.writeValueAsString(schema);
        } catch (IOException e) {
            throw new UncheckedIOException("a parsed JSON value is always writable", e);
        }
    }
}
