package io.hookrun.core.signature;

import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Finds the scheme a trigger names and lets it verify a request; new schemes are new {@link SignatureScheme} beans. */
@Singleton
public class SignatureVerifier {

    private final Map<String, SignatureScheme> schemes;

    public SignatureVerifier(List<SignatureScheme> schemes) {
        this.schemes = schemes.stream().collect(Collectors.toUnmodifiableMap(SignatureScheme::name, Function.identity()));
    }

    public Optional<SignatureScheme> scheme(String name) {
        return Optional.ofNullable(schemes.get(name));
    }

    public List<String> schemeNames() {
        return schemes.keySet().stream().sorted().toList();
    }

    public VerifiedDelivery verify(SignatureSettings settings, WebhookRequest request, List<String> secrets,
                                   Instant now) throws SignatureVerificationException {
        SignatureScheme scheme = scheme(settings.scheme()).orElseThrow(() ->
                new SignatureVerificationException("the trigger's signature scheme is not supported"));
        return scheme.verify(request, settings, secrets, now);
    }
}
