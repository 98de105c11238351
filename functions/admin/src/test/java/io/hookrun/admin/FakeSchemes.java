package io.hookrun.admin;

import io.hookrun.core.signature.HmacSettings;
import io.hookrun.core.signature.SignatureScheme;
import io.hookrun.core.signature.SignatureSettings;
import io.hookrun.core.signature.VerifiedDelivery;
import io.hookrun.core.signature.WebhookRequest;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Schemes with the contract's admin-facing behaviour only (names, secret rules, settings problems), for TriggerAdmin
 * and TriggerSecrets unit tests that must not depend on how the real schemes verify. Not beans: tests pass them to
 * a {@code SignatureVerifier} they build.
 */
final class FakeSchemes {

    private FakeSchemes() {
    }

    /** {@code none}: takes no secret. */
    static SignatureScheme none() {
        return new Base("none") {
            @Override
            public boolean needsSecrets() {
                return false;
            }

            @Override
            public String secretProblem(String secret) {
                return "scheme none takes no secret";
            }
        };
    }

    /** {@code hmac}: any secret of 8+ characters; settings required. */
    static SignatureScheme hmac() {
        return new Base("hmac") {
            @Override
            public List<String> settingsProblems(SignatureSettings settings) {
                if (settings.hmac() == null) {
                    return List.of("scheme hmac needs signature.hmac");
                }
                return settings.hmac().signed() == HmacSettings.Signed.TIMESTAMP_BODY && settings.hmac().timestampHeader() == null
                        ? List.of("signature.hmac.timestampHeader is required when signed is timestamp-body") : List.of();
            }
        };
    }

    /** {@code github}: any secret of 8+ characters. */
    static SignatureScheme github() {
        return new Base("github") {
        };
    }

    private abstract static class Base implements SignatureScheme {
        private final String name;

        Base(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public VerifiedDelivery verify(WebhookRequest request, SignatureSettings settings, List<String> secrets, Instant now) {
            throw new UnsupportedOperationException("admin tests never verify");
        }

        @Override
        public String secretProblem(String secret) {
            return secret != null && secret.length() >= 8 ? null : "a " + name + " secret has at least 8 characters";
        }

        @Override
        public String newSecret(SecureRandom random) {
            byte[] bytes = new byte[24];
            random.nextBytes(bytes);
            return HexFormat.of().formatHex(bytes);
        }

        @Override
        public Map<String, String> sign(SignatureSettings settings, String signingSecret, String deliveryId,
                                        String eventType, Instant timestamp, byte[] body) {
            throw new UnsupportedOperationException("admin tests never sign");
        }
    }
}
