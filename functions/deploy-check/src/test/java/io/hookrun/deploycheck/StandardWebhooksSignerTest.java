package io.hookrun.deploycheck;

import io.hookrun.core.signature.SignatureSettings;
import io.hookrun.core.signature.StandardWebhooksScheme;
import io.hookrun.core.signature.WebhookRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The hook signs as any Standard Webhooks sender: the spec's example vector, and hookrun's verifier agrees. */
class StandardWebhooksSignerTest {

    @Test
    void signsTheExampleOfTheStandardWebhooksLibraries() {
        byte[] body = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

        String signature = StandardWebhooksSigner.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330, body);

        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void aFreshSecretAndItsSignature_passHookrunsVerifier() throws Exception {
        String secret = StandardWebhooksSigner.newSecret(new SecureRandom());
        byte[] body = "{\"check\":\"pre-traffic\"}".getBytes(StandardCharsets.UTF_8);
        Instant now = Instant.parse("2026-12-01T12:00:00Z");

        String signature = StandardWebhooksSigner.sign(secret, "hook-1", now.getEpochSecond(), body);

        var delivery = new StandardWebhooksScheme().verify(new WebhookRequest(Map.of("webhook-id", "hook-1",
                        "webhook-timestamp", Long.toString(now.getEpochSecond()), "webhook-signature", signature), body),
                SignatureSettings.of("standard-webhooks"), List.of(secret), now);
        assertThat(delivery.deliveryId()).isEqualTo("hook-1");
        assertThat(new StandardWebhooksScheme().secretProblem(secret)).isNull();
    }
}
