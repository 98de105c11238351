package io.hookrun.core.signature;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a signature scheme may look at: the request headers (names compared case-insensitively, as HTTP
 * requires) and the raw body bytes exactly as received, since signatures are computed over bytes.
 */
public record WebhookRequest(Map<String, String> headers, byte[] body) {

    public WebhookRequest {
        Map<String, String> lowerCased = new TreeMap<>();
        headers.forEach((name, value) -> lowerCased.put(name.toLowerCase(Locale.ROOT), value));
        headers = Map.copyOf(lowerCased);
        body = body == null ? new byte[0] : body;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT))).filter(v -> !v.isBlank());
    }
}
