package io.hookrun.core.signature;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of {@link SignatureBatteryTest}: a request as a scheme receives it, the trigger's settings and secrets,
 * the time it arrives, and what must come of it (a {@link VerifiedDelivery}, or a refusal with its exact message).
 * Built fluently: {@code SignatureCase.of("name", scheme).secrets(...).header(...).body(...).accepts(...)}.
 */
final class SignatureCase {

    final String name;
    final SignatureScheme scheme;
    SignatureSettings settings;
    List<String> secrets = List.of();
    final Map<String, String> headers = new LinkedHashMap<>();
    byte[] body = new byte[0];
    Instant now;
    VerifiedDelivery accepted;
    String refusal;

    private SignatureCase(String name, SignatureScheme scheme) {
        this.name = name;
        this.scheme = scheme;
        this.settings = SignatureSettings.of(scheme.name());
    }

    static SignatureCase of(String name, SignatureScheme scheme) {
        return new SignatureCase(scheme.name() + ": " + name, scheme);
    }

    SignatureCase settings(SignatureSettings settings) {
        this.settings = settings;
        return this;
    }

    SignatureCase secrets(String... secrets) {
        this.secrets = List.of(secrets);
        return this;
    }

    SignatureCase header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    SignatureCase headers(Map<String, String> more) {
        headers.putAll(more);
        return this;
    }

    SignatureCase without(String name) {
        headers.remove(name);
        return this;
    }

    SignatureCase body(String text) {
        return body(text.getBytes(StandardCharsets.UTF_8));
    }

    SignatureCase body(byte[] bytes) {
        this.body = bytes.clone();
        return this;
    }

    SignatureCase at(Instant now) {
        this.now = now;
        return this;
    }

    SignatureCase accepts(VerifiedDelivery delivery) {
        this.accepted = delivery;
        return this;
    }

    SignatureCase refuses(String message) {
        this.refusal = message;
        return this;
    }

    WebhookRequest request() {
        return new WebhookRequest(headers, body);
    }

    VerifiedDelivery verify() throws SignatureVerificationException {
        return scheme.verify(request(), settings, secrets, now);
    }

    /** The secrets in every form a message must not show them: whole, and without their prefix. */
    List<String> secretForms() {
        List<String> forms = new ArrayList<>();
        for (String secret : secrets) {
            forms.add(secret);
            int underscore = secret.indexOf('_');
            if (underscore > 0 && secret.length() - underscore > 8) {
                forms.add(secret.substring(underscore + 1));
            }
        }
        return forms;
    }

    @Override
    public String toString() {
        return name;
    }
}
