package io.hookrun.asl;

import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The secret values one {@code http:invoke} call handled (a connection's key, password, client secret, token and
 * every parameter value it adds), and the means to remove them from any text that may be stored or logged: a
 * state's cause goes to run history and the log, so every cause of a call made with a connection passes through
 * {@link #redact}. Values shorter than {@value #SHORTEST} characters are left alone: a one-letter value would mangle
 * every word of the cause while guessing it needs no leak. Their URL-encoded forms are redacted too (a query string
 * or a form body carries them encoded).
 */
final class SecretRedactor {

    static final int SHORTEST = 4;
    static final String MARK = "<redacted>";

    private final Set<String> secrets = new LinkedHashSet<>();

    /** Adds {@code value} (and its encoded forms) to what {@link #redact} removes. */
    void add(String value) {
        if (value == null || value.length() < SHORTEST) {
            return;
        }
        secrets.add(value);
        secrets.add(UrlEncodedBody.encode(value));
        secrets.add(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
        secrets.add(Base64.getEncoder().encodeToString(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** {@code text} with every known secret replaced by {@value #MARK}, longest first (one may contain another). */
    String redact(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String redacted = text;
        for (String secret : secrets.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
            redacted = redacted.replace(secret, MARK);
        }
        return redacted;
    }
}
