package io.hookrun.admin;

import io.hookrun.core.secrets.SecretsConfiguration;
import io.hookrun.core.signature.SignatureSettings;
import io.hookrun.core.signature.SignatureVerifier;
import io.hookrun.core.signature.StandardWebhooksScheme;
import io.hookrun.core.time.SettableClock;
import io.hookrun.core.trigger.EventSettings;
import io.hookrun.core.trigger.InMemoryTriggerStore;
import io.hookrun.core.trigger.Trigger;
import io.hookrun.core.trigger.TriggerSecret;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Rotation and retirement of trigger secrets, with the in-memory store and a clock the test moves. */
class TriggerSecretsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final String OLD = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String DICTATED = "whsec_C2FtcGxlLXNlY3JldC1mb3Itcm90YXRpb24=";
    private static final TriggerSecret OLD_SECRET = new TriggerSecret("sec_0000000000000001", OLD, NOW.minusSeconds(3600), null);

    private final InMemoryTriggerStore triggers = new InMemoryTriggerStore();
    private final SettableClock clock = new SettableClock(NOW);
    private final StandardWebhooksScheme standardWebhooks = new StandardWebhooksScheme();
    private TriggerSecrets secrets = secrets(Duration.ofHours(24));

    private TriggerSecrets secrets(Duration defaultOverlap) {
        return new TriggerSecrets(triggers, new SignatureVerifier(List.of(standardWebhooks, FakeSchemes.none())),
                new SecretsConfiguration(null, null, defaultOverlap), JsonMapper.createDefault(), clock);
    }

    private void store(String scheme, TriggerSecret... held) {
        triggers.save(new Trigger("orders", "order-flow", SignatureSettings.of(scheme), List.of(held),
                EventSettings.DEFAULTS, NOW.minusSeconds(7200), NOW.minusSeconds(3600)));
    }

    private Trigger stored() {
        return triggers.find("orders").orElseThrow();
    }

    @Test
    void rotateWithoutABody_generatesASecretInTheSchemesFormat_andKeepsThePreviousOneFor24Hours() {
        store("standard-webhooks", OLD_SECRET);

        SecretRotation.Rotated rotated = (SecretRotation.Rotated) secrets.rotate("orders", null);

        assertThat(standardWebhooks.secretProblem(rotated.secret())).isNull();
        assertThat(rotated.id()).startsWith("sec_").isNotEqualTo(OLD_SECRET.id());
        assertThat(rotated.createdAt()).isEqualTo(NOW);
        assertThat(rotated.previousExpireAt()).isEqualTo(NOW.plus(Duration.ofHours(24)));
        assertThat(stored().secretValues(NOW)).containsExactly(rotated.secret(), OLD);
        assertThat(stored().secrets()).filteredOn(s -> s.id().equals(OLD_SECRET.id())).singleElement()
                .extracting(TriggerSecret::expiresAt).isEqualTo(NOW.plus(Duration.ofHours(24)));
        assertThat(stored().secretValues(NOW.plus(Duration.ofHours(24)))).containsExactly(rotated.secret());
        assertThat(rotated.toString()).doesNotContain(rotated.secret());
    }

    @Test
    void rotateWithADictatedSecret_andAnOverlap_usesBoth() {
        store("standard-webhooks", OLD_SECRET);

        SecretRotation.Rotated rotated = (SecretRotation.Rotated) secrets.rotate("orders",
                "{\"secret\": \"" + DICTATED + "\", \"overlapSeconds\": 600}");

        assertThat(rotated.secret()).isEqualTo(DICTATED);
        assertThat(rotated.previousExpireAt()).isEqualTo(NOW.plusSeconds(600));
        assertThat(stored().secretValues(NOW.plusSeconds(599))).containsExactly(DICTATED, OLD);
        assertThat(stored().secretValues(NOW.plusSeconds(600))).containsExactly(DICTATED);
    }

    @Test
    void overlapZero_retiresThePreviousSecretsAtOnce_andTheStoreDropsThem() {
        store("standard-webhooks", OLD_SECRET);

        secrets.rotate("orders", "{\"overlapSeconds\": 0}");

        assertThat(stored().secrets()).singleElement().extracting(TriggerSecret::expiresAt).isNull();
        assertThat(stored().secretValues(NOW)).doesNotContain(OLD);
    }

    @Test
    void theDefaultOverlap_isConfigurable() {
        secrets = secrets(Duration.ofHours(2));
        store("standard-webhooks", OLD_SECRET);

        assertThat(((SecretRotation.Rotated) secrets.rotate("orders", "")).previousExpireAt())
                .isEqualTo(NOW.plus(Duration.ofHours(2)));
    }

    @Test
    void aSecondRotation_neverProlongsASecretAlreadyDueToExpire() {
        store("standard-webhooks", OLD_SECRET);
        secrets.rotate("orders", "{\"overlapSeconds\": 600}");
        clock.advance(Duration.ofSeconds(60));

        secrets.rotate("orders", "{\"overlapSeconds\": 86400}");

        assertThat(stored().secrets()).filteredOn(s -> s.id().equals(OLD_SECRET.id())).singleElement()
                .extracting(TriggerSecret::expiresAt).isEqualTo(NOW.plusSeconds(600));
        assertThat(stored().secretValues(clock.instant())).hasSize(3);
    }

    @Test
    void badDictatedSecret_andOverlapOutOfRange_areListed_withoutQuotingTheSecret() {
        store("standard-webhooks", OLD_SECRET);

        SecretRotation outcome = secrets.rotate("orders", "{\"secret\": \"whsec_c2hvcnQta2V5\", \"overlapSeconds\": 2592001}");

        assertThat(outcome).isEqualTo(new SecretRotation.Invalid(List.of(
                "overlapSeconds must be from 0 (retire the previous secrets at once) to 2592000 (30 days)",
                "secret: a standard-webhooks secret needs at least 24 bytes of key")));
        assertThat(stored().secrets()).containsExactly(OLD_SECRET);
    }

    @Test
    void bodyThatIsNotAnObject_isInvalid_withoutEchoingIt() {
        store("standard-webhooks", OLD_SECRET);

        SecretRotation outcome = secrets.rotate("orders", "{\"secret\": " + DICTATED + "}");

        assertThat(outcome).isInstanceOf(SecretRotation.Invalid.class);
        assertThat(outcome.toString()).doesNotContain(DICTATED.substring(6));
    }

    @Test
    void unsignedTrigger_takesNoSecret() {
        store("none");

        assertThat(secrets.rotate("orders", null)).isEqualTo(new SecretRotation.SchemeTakesNoSecret("none"));
    }

    @Test
    void unknownOrInvalidTrigger() {
        assertThat(secrets.rotate("nope", null)).isEqualTo(new SecretRotation.UnknownTrigger("nope"));
        assertThat(secrets.rotate("no/pe", null)).isInstanceOf(SecretRotation.InvalidId.class);
        assertThat(secrets.retire("nope", "sec_1")).isEqualTo(new SecretRetirement.UnknownTrigger("nope"));
    }

    @Test
    void rotationPastTenActiveSecrets_isRefused_unlessItRetiresThemAtOnce() {
        TriggerSecret[] ten = new TriggerSecret[TriggerAdmin.MAX_SECRETS];
        for (int i = 0; i < ten.length; i++) {
            ten[i] = new TriggerSecret("sec_00000000000000" + (10 + i), OLD, NOW.minusSeconds(60), null);
        }
        store("standard-webhooks", ten);

        assertThat(secrets.rotate("orders", null)).isEqualTo(new SecretRotation.TooManySecrets(10));
        assertThat(secrets.rotate("orders", "{\"overlapSeconds\": 0}")).isInstanceOf(SecretRotation.Rotated.class);
        assertThat(stored().secrets()).hasSize(1);
    }

    @Test
    void retire_expiresTheSecretNow_andTheStoreDropsIt() {
        store("standard-webhooks", OLD_SECRET);
        SecretRotation.Rotated rotated = (SecretRotation.Rotated) secrets.rotate("orders", null);
        clock.advance(Duration.ofMinutes(5));

        assertThat(secrets.retire("orders", OLD_SECRET.id())).isEqualTo(new SecretRetirement.Retired());

        assertThat(stored().secrets()).extracting(TriggerSecret::id).containsExactly(rotated.id());
    }

    @Test
    void retire_theLastActiveSecret_isRefused_soATriggerNeverGoesDark() {
        store("standard-webhooks", OLD_SECRET);

        assertThat(secrets.retire("orders", OLD_SECRET.id()))
                .isEqualTo(new SecretRetirement.LastActiveSecret("orders", OLD_SECRET.id()));
        assertThat(stored().secrets()).containsExactly(OLD_SECRET);
    }

    @Test
    void retire_anUnknownSecretId_isUnknownSecret() {
        store("standard-webhooks", OLD_SECRET);

        assertThat(secrets.retire("orders", "sec_ffffffffffffffff"))
                .isEqualTo(new SecretRetirement.UnknownSecret("orders", "sec_ffffffffffffffff"));
        assertThat(secrets.retire("orders", "../etc"))
                .isEqualTo(new SecretRetirement.UnknownSecret("orders", "../etc"));
    }
}
