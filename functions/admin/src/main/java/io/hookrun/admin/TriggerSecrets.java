package io.hookrun.admin;

import io.hookrun.core.secrets.SecretsConfiguration;
import io.hookrun.core.signature.SignatureScheme;
import io.hookrun.core.signature.SignatureVerifier;
import io.hookrun.core.trigger.Trigger;
import io.hookrun.core.trigger.TriggerSecret;
import io.hookrun.core.trigger.TriggerStore;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Secret rotation: {@code POST /admin/triggers/{id}/secrets} adds a secret (generated in the scheme's format, or the
 * one the sender dictates, as GitHub and Stripe do) and lets the previously active ones verify for an overlap
 * ({@code hookrun.secrets.rotation-overlap}, 24 h by default; {@code overlapSeconds} in the body; 0 retires them at
 * once), so senders can switch with no gap. {@code DELETE /admin/triggers/{id}/secrets/{secretId}} retires one now,
 * except the last active secret of a scheme that needs one: a trigger never silently stops accepting deliveries.
 *
 * <p>A generated secret comes from a {@link SecureRandom} created for that request, not one created at start-up:
 * with Lambda SnapStart every instance restored from one snapshot would share a generator's state
 * (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-uniqueness.html).
 */
@Singleton
public class TriggerSecrets {

    private static final Pattern SECRET_ID = Pattern.compile("sec_[A-Za-z0-9]{1,40}");

    private final TriggerStore triggers;
    private final SignatureVerifier verifier;
    private final SecretsConfiguration config;
    private final JsonMapper json;
    private final Clock clock;

    public TriggerSecrets(TriggerStore triggers, SignatureVerifier verifier, SecretsConfiguration config,
                          JsonMapper json, Clock clock) {
        this.triggers = triggers;
        this.verifier = verifier;
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    /** Adds a secret to trigger {@code id}; {@code body} is the optional JSON {@code {"secret", "overlapSeconds"}}. */
    public SecretRotation rotate(String id, @Nullable String body) {
        String idProblem = ResourceIds.problem("trigger", id);
        if (idProblem != null) {
            return new SecretRotation.InvalidId(idProblem);
        }
        TriggerBody.Rotation request;
        try {
            request = body == null || body.isBlank() ? new TriggerBody.Rotation(null, null)
                    : json.readValue(body.getBytes(StandardCharsets.UTF_8), TriggerBody.Rotation.class);
        } catch (IOException e) {
            return new SecretRotation.Invalid(List.of("the body must be empty or a JSON object"
                    + " {\"secret\": \"...\", \"overlapSeconds\": 86400} (both optional)"));
        }
        request = request == null ? new TriggerBody.Rotation(null, null) : request;
        Optional<Trigger> found = triggers.find(id);
        if (found.isEmpty()) {
            return new SecretRotation.UnknownTrigger(id);
        }
        Trigger trigger = found.get();
        SignatureScheme scheme = scheme(trigger);
        if (!scheme.needsSecrets()) {
            return new SecretRotation.SchemeTakesNoSecret(scheme.name());
        }
        List<String> problems = new ArrayList<>();
        Long overlapSeconds = request.overlapSeconds();
        long maxOverlap = SecretsConfiguration.MAX_ROTATION_OVERLAP.toSeconds();
        if (overlapSeconds != null && (overlapSeconds < 0 || overlapSeconds > maxOverlap)) {
            problems.add("overlapSeconds must be from 0 (retire the previous secrets at once) to " + maxOverlap + " (30 days)");
        }
        if (request.secret() != null) {
            String problem = scheme.secretProblem(request.secret());
            if (problem != null) {
                problems.add("secret: " + problem);
            }
        }
        if (!problems.isEmpty()) {
            return new SecretRotation.Invalid(problems);
        }
        Instant now = clock.instant();
        List<TriggerSecret> active = trigger.secrets().stream().filter(s -> s.activeAt(now)).toList();
        Duration overlap = overlapSeconds == null ? config.rotationOverlap() : Duration.ofSeconds(overlapSeconds);
        Instant previousExpireAt = now.plus(overlap);
        if (!overlap.isZero() && active.size() + 1 > TriggerAdmin.MAX_SECRETS) {
            return new SecretRotation.TooManySecrets(TriggerAdmin.MAX_SECRETS);
        }
        String value = request.secret() != null ? request.secret() : scheme.newSecret(new SecureRandom());
        TriggerSecret added = TriggerSecret.current(value, now);
        List<TriggerSecret> secrets = new ArrayList<>();
        for (TriggerSecret s : active) {
            // A secret already due to expire sooner keeps its earlier time: a rotation never prolongs a secret.
            Instant expiresAt = s.expiresAt() != null && s.expiresAt().isBefore(previousExpireAt) ? s.expiresAt()
                    : previousExpireAt;
            secrets.add(new TriggerSecret(s.id(), s.value(), s.createdAt(), expiresAt));
        }
        secrets.add(added);
        triggers.save(new Trigger(trigger.id(), trigger.workflowId(), trigger.signature(), secrets, trigger.events(),
                trigger.createdAt(), now, trigger.enabled()));
        return new SecretRotation.Rotated(added.id(), value, now, active.isEmpty() ? null : previousExpireAt);
    }

    /** Retires secret {@code secretId} of trigger {@code id} now. */
    public SecretRetirement retire(String id, String secretId) {
        String idProblem = ResourceIds.problem("trigger", id);
        if (idProblem != null) {
            return new SecretRetirement.InvalidId(idProblem);
        }
        Optional<Trigger> found = triggers.find(id);
        if (found.isEmpty()) {
            return new SecretRetirement.UnknownTrigger(id);
        }
        Trigger trigger = found.get();
        if (!SECRET_ID.matcher(secretId).matches()
                || trigger.secrets().stream().noneMatch(s -> s.id().equals(secretId))) {
            return new SecretRetirement.UnknownSecret(id, secretId);
        }
        Instant now = clock.instant();
        List<TriggerSecret> othersActive = trigger.secrets().stream()
                .filter(s -> s.activeAt(now) && !s.id().equals(secretId)).toList();
        boolean retiringAnActiveOne = trigger.secrets().stream().anyMatch(s -> s.id().equals(secretId) && s.activeAt(now));
        if (retiringAnActiveOne && othersActive.isEmpty() && scheme(trigger).needsSecrets()) {
            return new SecretRetirement.LastActiveSecret(id, secretId);
        }
        triggers.save(new Trigger(trigger.id(), trigger.workflowId(), trigger.signature(), othersActive,
                trigger.events(), trigger.createdAt(), now, trigger.enabled()));
        return new SecretRetirement.Retired();
    }

    private SignatureScheme scheme(Trigger trigger) {
        return verifier.scheme(trigger.signature().scheme()).orElseThrow(() -> new IllegalStateException(
                "trigger " + trigger.id() + " names scheme " + trigger.signature().scheme() + ", which is not deployed"));
    }
}
