package io.hookrun.core.signature;

import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A generic HMAC scheme configured per trigger ({@link HmacSettings}), for home-grown senders and the many services
 * that sign like GitHub with other header names, as EventBridge inbound webhooks and Hookdeck's "HMAC" source
 * authentication allow.
 *
 * <ul>
 *   <li>The key is the secret string's UTF-8 bytes as they are (as GitHub, Stripe, Shopify and Slack key theirs):
 *       a secret a sender shows as hex or base64 is still used as that text, not decoded.</li>
 *   <li>The MAC is HMAC-SHA256 or HMAC-SHA512 of the raw body, or of the timestamp header's value as sent + the
 *       separator + the raw body.</li>
 *   <li>The signature header holds one signature, or several separated by commas or spaces (a sender rotating its
 *       key signs with both; hex and base64 never contain either character). With a prefix configured, only
 *       entries that start with it (letter case aside) count, so {@code t=...,v1=...} style headers work with
 *       prefix {@code v1=}. Hex is read in either case; base64 in its standard or URL-safe alphabet, padded or
 *       not.</li>
 *   <li>With a timestamp header configured, its value is a Unix time in seconds (a value in milliseconds is
 *       refused with a message saying so) and must be within the trigger's tolerance, either way.</li>
 *   <li>The delivery id is the configured header (required when configured) or JSON pointer; the event type the
 *       configured header, when the request has it.</li>
 * </ul>
 */
@Singleton
public class HmacScheme implements SignatureScheme {

    public static final String NAME = "hmac";
    /** RFC 9110 section 5.6.2 {@code token}: what a header name may be. */
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]{1,128}");
    /** A JSON pointer (RFC 6901) to a member: '/'-separated, '~' only as the escapes ~0 and ~1. */
    private static final Pattern JSON_POINTER = Pattern.compile("(/([^/~]|~[01])*)+");
    private static final Pattern ENTRY_SEPARATORS = Pattern.compile("[,\\s]+");
    static final int MAX_PREFIX_CHARS = 32;
    static final int MAX_POINTER_CHARS = 256;
    static final int MAX_SIGNATURES = 32;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> settingsProblems(SignatureSettings settings) {
        HmacSettings hmac = settings.hmac();
        if (hmac == null) {
            return List.of("signature.hmac is required for scheme hmac: {\"header\": \"X-Signature\", "
                    + "\"encoding\": \"hex\", \"algorithm\": \"sha256\", \"signed\": \"body\"}");
        }
        List<String> problems = new ArrayList<>();
        headerProblem(problems, "header", hmac.header(), true);
        headerProblem(problems, "timestampHeader", hmac.timestampHeader(), false);
        headerProblem(problems, "deliveryIdHeader", hmac.deliveryIdHeader(), false);
        headerProblem(problems, "eventTypeHeader", hmac.eventTypeHeader(), false);
        if (hmac.prefix() != null && (hmac.prefix().length() > MAX_PREFIX_CHARS
                || !hmac.prefix().chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ','))) {
            problems.add("signature.hmac.prefix is at most " + MAX_PREFIX_CHARS
                    + " printable ASCII characters without spaces or commas");
        }
        if (hmac.encoding() == null) {
            problems.add("signature.hmac.encoding must be hex or base64");
        }
        if (hmac.algorithm() == null) {
            problems.add("signature.hmac.algorithm must be sha256 or sha512");
        }
        if (hmac.signed() == null) {
            problems.add("signature.hmac.signed must be body or timestamp-body");
        } else if (hmac.signed() == HmacSettings.Signed.TIMESTAMP_BODY && hmac.timestampHeader() == null) {
            problems.add("signature.hmac.timestampHeader is required when signed is timestamp-body");
        }
        if (hmac.separator() != null && (hmac.separator().length() > MAX_PREFIX_CHARS
                || hmac.separator().chars().anyMatch(Character::isISOControl))) {
            problems.add("signature.hmac.separator is at most " + MAX_PREFIX_CHARS + " characters, none a control");
        }
        if (hmac.deliveryIdHeader() != null && hmac.deliveryIdPointer() != null) {
            problems.add("signature.hmac takes deliveryIdHeader or deliveryIdPointer, not both");
        }
        if (hmac.deliveryIdPointer() != null && (hmac.deliveryIdPointer().length() > MAX_POINTER_CHARS
                || !JSON_POINTER.matcher(hmac.deliveryIdPointer()).matches())) {
            problems.add("signature.hmac.deliveryIdPointer must be a JSON pointer such as /id (RFC 6901)");
        }
        return problems;
    }

    private static void headerProblem(List<String> problems, String field, String value, boolean required) {
        if (value == null) {
            if (required) {
                problems.add("signature.hmac." + field + " is required");
            }
        } else if (!HEADER_NAME.matcher(value).matches()) {
            problems.add("signature.hmac." + field + " must be an HTTP header name (letters, digits, -, _ ...)");
        }
    }

    @Override
    public VerifiedDelivery verify(WebhookRequest request, SignatureSettings settings, List<String> secrets,
                                   Instant now) throws SignatureVerificationException {
        HmacSettings hmac = settings.hmac();
        if (hmac == null || !settingsProblems(settings).isEmpty()) {
            throw new SignatureVerificationException("the trigger's hmac settings are incomplete");
        }
        String header = required(request, hmac.header());
        String timestamp = null;
        Instant signedAt = null;
        if (hmac.timestampHeader() != null) {
            timestamp = required(request, hmac.timestampHeader());
            signedAt = ReplayWindow.parseSeconds(timestamp, hmac.timestampHeader());
            ReplayWindow.check(signedAt, now, settings.toleranceOrDefault(), hmac.timestampHeader());
        }
        String deliveryId = hmac.deliveryIdHeader() == null ? null : required(request, hmac.deliveryIdHeader()).strip();
        String eventType = hmac.eventTypeHeader() == null ? null
                : request.header(hmac.eventTypeHeader()).map(String::strip).orElse(null);

        List<byte[]> offered = offered(header, hmac);
        if (offered.isEmpty()) {
            throw new SignatureVerificationException(hmac.header() + " has no " + encodingName(hmac)
                    + " signature" + (hmac.prefix() == null ? "" : " after '" + hmac.prefix() + "'"));
        }
        byte[] content = signedContent(hmac, timestamp, request.body());
        HmacFunction function = function(hmac);
        boolean matched = false;
        for (String secret : secrets) {
            byte[] key = secret.getBytes(StandardCharsets.UTF_8);
            if (key.length > 0) {
                matched |= HmacFunction.anyEquals(function.mac(key, content), offered);
            }
        }
        if (!matched) {
            throw new SignatureVerificationException("no signature in " + hmac.header() + " matches an active secret");
        }
        return new VerifiedDelivery(deliveryId, hmac.deliveryIdPointer(), eventType, null, signedAt);
    }

    /** Any non-blank text: the sender usually dictates it. Its UTF-8 bytes are the key. */
    @Override
    public String secretProblem(String secret) {
        return GitHubScheme.plainSecretProblem("an hmac secret", secret);
    }

    /** 32 random bytes as 64 hex digits (used as that text: the key is the string's bytes). */
    @Override
    public String newSecret(SecureRandom random) {
        return HmacFunction.randomHexSecret(random);
    }

    /** The headers the trigger's settings describe; {@code deliveryId} and {@code eventType} go where configured. */
    @Override
    public Map<String, String> sign(SignatureSettings settings, String signingSecret, String deliveryId,
                                    String eventType, Instant timestamp, byte[] body) {
        HmacSettings hmac = settings.hmac();
        if (hmac == null) {
            throw new IllegalArgumentException("scheme hmac needs its settings to sign");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String seconds = Long.toString(timestamp.getEpochSecond());
        if (hmac.timestampHeader() != null) {
            headers.put(hmac.timestampHeader(), seconds);
        }
        byte[] mac = function(hmac).mac(signingSecret.getBytes(StandardCharsets.UTF_8),
                signedContent(hmac, seconds, body));
        String encoded = hmac.encoding() == HmacSettings.Encoding.BASE64
                ? Base64.getEncoder().encodeToString(mac) : HexFormat.of().formatHex(mac);
        headers.put(hmac.header(), (hmac.prefix() == null ? "" : hmac.prefix()) + encoded);
        if (hmac.deliveryIdHeader() != null && deliveryId != null) {
            headers.put(hmac.deliveryIdHeader(), deliveryId);
        }
        if (hmac.eventTypeHeader() != null && eventType != null) {
            headers.put(hmac.eventTypeHeader(), eventType);
        }
        return headers;
    }

    private static String required(WebhookRequest request, String header) throws SignatureVerificationException {
        return request.header(header)
                .orElseThrow(() -> new SignatureVerificationException("missing " + header + " header"));
    }

    private static List<byte[]> offered(String header, HmacSettings hmac) throws SignatureVerificationException {
        String prefix = hmac.prefix() == null ? "" : hmac.prefix();
        int macBytes = function(hmac) == HmacFunction.SHA512 ? 64 : 32;
        String[] entries = ENTRY_SEPARATORS.split(header.strip());
        if (entries.length > MAX_SIGNATURES) {
            throw new SignatureVerificationException(hmac.header() + " has more than " + MAX_SIGNATURES
                    + " signatures");
        }
        List<byte[]> offered = new ArrayList<>();
        for (String entry : entries) {
            if (!entry.regionMatches(true, 0, prefix, 0, prefix.length())) {
                continue;
            }
            byte[] decoded = decode(entry.substring(prefix.length()), hmac.encoding(), macBytes);
            if (decoded != null) {
                offered.add(decoded); // a malformed one cannot match; the others may
            }
        }
        return offered;
    }

    private static byte[] decode(String text, HmacSettings.Encoding encoding, int macBytes) {
        if (encoding == HmacSettings.Encoding.HEX) {
            return HmacFunction.hex(text, macBytes);
        }
        try {
            boolean urlSafe = text.indexOf('-') >= 0 || text.indexOf('_') >= 0;
            byte[] decoded = (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(text);
            return decoded.length == macBytes ? decoded : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String encodingName(HmacSettings hmac) {
        return hmac.encoding() == HmacSettings.Encoding.BASE64 ? "base64" : "hex";
    }

    private static HmacFunction function(HmacSettings hmac) {
        return hmac.algorithm() == HmacSettings.Algorithm.SHA512 ? HmacFunction.SHA512 : HmacFunction.SHA256;
    }

    private static byte[] signedContent(HmacSettings hmac, String timestamp, byte[] body) {
        if (hmac.signed() != HmacSettings.Signed.TIMESTAMP_BODY) {
            return body;
        }
        return HmacFunction.concat((timestamp + hmac.separatorOrDefault()).getBytes(StandardCharsets.UTF_8), body);
    }
}
