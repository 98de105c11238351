package io.hookrun.core.idempotency;

import io.hookrun.core.config.HookrunConfiguration;
import io.hookrun.core.idempotency.DeliveryClaims.Decision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class DeliveryClaimsTest {

    private static final Duration RETENTION = Duration.ofHours(72);
    private static final Duration MAX_LEASE = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");
    private static final String HASH = "hash-of-body-a";
    private static final String OTHER_HASH = "hash-of-body-b";

    private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();
    private final DeliveryClaims claims = new DeliveryClaims(store,
            new RunIdGenerator(Clock.fixed(T0, ZoneOffset.UTC)),
            new HookrunConfiguration("hookrun", null, 262144, RETENTION, MAX_LEASE, Duration.ofSeconds(10)));
    private final DeliveryKey key = new DeliveryKey("trg_orders", "msg_" + UUID.randomUUID());

    private Decision.Proceed proceed(Instant now, Duration lease) {
        return proceed(HASH, now, lease);
    }

    private Decision.Proceed proceed(String hash, Instant now, Duration lease) {
        Decision decision = claims.begin(key, hash, now, lease);
        assertThat(decision).isInstanceOf(Decision.Proceed.class);
        return (Decision.Proceed) decision;
    }

    @Test
    void begin_newKey_proceedsWithFreshV7RunIdAndRecordsAnInProgressClaim() {
        Decision.Proceed claim = proceed(T0, Duration.ofSeconds(20));

        assertThat(claim.leaseExpiresAt()).isEqualTo(T0.plusSeconds(20));
        assertThat(claim.key()).isEqualTo(key);
        assertThat(UUID.fromString(claim.runId()).version()).isEqualTo(7);
        assertThat(claim.claimToken()).matches("[0-9a-f]{32}");
        DeliveryRecord record = store.record(key).orElseThrow();
        assertThat(record.status()).isEqualTo(DeliveryRecord.Status.IN_PROGRESS);
        assertThat(record.runId()).isEqualTo(claim.runId());
        assertThat(record.claimToken()).isEqualTo(claim.claimToken());
        assertThat(record.payloadHash()).isEqualTo(HASH);
        assertThat(record.leaseExpiresAt()).isEqualTo(T0.plusSeconds(20));
        assertThat(record.expiresAt()).isEqualTo(T0.plus(RETENTION));
    }

    @Test
    void begin_twoDifferentKeys_bothProceedWithDistinctRunIds() {
        Decision.Proceed first = proceed(T0, Duration.ofSeconds(20));
        Decision other = claims.begin(new DeliveryKey("trg_orders", "msg_other"), HASH, T0, Duration.ofSeconds(20));

        assertThat(other).isInstanceOfSatisfying(Decision.Proceed.class, p -> {
            assertThat(p.runId()).isNotEqualTo(first.runId());
            assertThat(p.claimToken()).isNotEqualTo(first.claimToken());
        });
    }

    @Test
    void begin_duplicateWhileInProgress_isInProgressWithRetryAfterTheRemainingLease() {
        proceed(T0, Duration.ofSeconds(20));

        Decision duplicate = claims.begin(key, HASH, T0.plusSeconds(5), Duration.ofSeconds(20));

        assertThat(duplicate).isEqualTo(new Decision.InProgress(Duration.ofSeconds(15)));
    }

    @Test
    void begin_duplicateWithLessThanOneSecondOfLeaseLeft_retryAfterIsOneSecond() {
        proceed(T0, Duration.ofSeconds(20));

        assertThat(claims.begin(key, HASH, T0.plusMillis(19_700), Duration.ofSeconds(20)))
                .isEqualTo(new Decision.InProgress(Duration.ofSeconds(1)));
        // The lease ends exactly now: not yet claimable (strictly earlier is), and never "retry in 0 s".
        assertThat(claims.begin(key, HASH, T0.plusSeconds(20), Duration.ofSeconds(20)))
                .isEqualTo(new Decision.InProgress(Duration.ofSeconds(1)));
    }

    @Test
    void begin_afterComplete_replaysTheSameStatusAndBody() {
        Decision.Proceed claim = proceed(T0, Duration.ofSeconds(20));
        String answer = "{\"eventId\":\"" + key.deliveryId() + "\",\"runId\":\"" + claim.runId() + "\",\"status\":\"QUEUED\"}";
        assertThat(claims.complete(claim, 202, answer)).isTrue();

        Decision duplicate = claims.begin(key, HASH, T0.plus(Duration.ofHours(1)), Duration.ofSeconds(20));

        assertThat(duplicate).isEqualTo(new Decision.Replay(202, answer));
    }

    @Test
    void begin_sameIdWithDifferentPayloadAfterComplete_isPayloadMismatch() {
        Decision.Proceed claim = proceed(T0, Duration.ofSeconds(20));
        claims.complete(claim, 202, "{}");

        assertThat(claims.begin(key, OTHER_HASH, T0.plusSeconds(60), Duration.ofSeconds(20)))
                .as("carries the first body's hash, so both can be logged")
                .isEqualTo(new Decision.PayloadMismatch(HASH));
    }

    @Test
    void begin_sameIdWithDifferentPayloadWhileInProgress_isPayloadMismatch() {
        proceed(T0, Duration.ofSeconds(20));

        assertThat(claims.begin(key, OTHER_HASH, T0.plusSeconds(1), Duration.ofSeconds(20)))
                .isInstanceOf(Decision.PayloadMismatch.class);
        assertThat(store.record(key).orElseThrow().payloadHash()).isEqualTo(HASH);
    }

    @Test
    void abandon_thenRetry_takesTheClaimOverAtOnceKeepingTheRunId() {
        Decision.Proceed failed = proceed(T0, Duration.ofSeconds(20));

        assertThat(claims.abandon(failed, T0.plusSeconds(2))).isTrue();

        DeliveryRecord kept = store.record(key).orElseThrow();
        assertThat(kept.status()).isEqualTo(DeliveryRecord.Status.IN_PROGRESS);
        assertThat(kept.runId()).isEqualTo(failed.runId());
        assertThat(kept.claimToken()).isEqualTo(failed.claimToken());
        assertThat(kept.leaseExpiresAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(kept.expiresAt()).isEqualTo(T0.plus(RETENTION));
        Decision.Proceed retry = proceed(T0.plusSeconds(2).plusMillis(1), Duration.ofSeconds(20));
        assertThat(retry.runId()).isEqualTo(failed.runId());
        assertThat(retry.claimToken()).isNotEqualTo(failed.claimToken());
        assertThat(retry.leaseExpiresAt()).isEqualTo(T0.plusSeconds(22).plusMillis(1));
    }

    @Test
    void abandon_aCopyArrivingInTheSameMillisecond_waitsOneSecond() {
        Decision.Proceed failed = proceed(T0, Duration.ofSeconds(20));
        claims.abandon(failed, T0.plusSeconds(2));

        // The lease ends exactly now: a takeover needs it to have ended strictly before, as for a dead holder.
        assertThat(claims.begin(key, HASH, T0.plusSeconds(2), Duration.ofSeconds(20)))
                .isEqualTo(new Decision.InProgress(Duration.ofSeconds(1)));
    }

    @Test
    void abandon_thenARetryWithAnotherBody_isPayloadMismatchNotAFreshRun() {
        Decision.Proceed failed = proceed(T0, Duration.ofSeconds(20));
        claims.abandon(failed, T0.plusSeconds(1));

        assertThat(claims.begin(key, OTHER_HASH, T0.plusSeconds(5), Duration.ofSeconds(20)))
                .isInstanceOf(Decision.PayloadMismatch.class);
        assertThat(store.record(key).orElseThrow().runId()).isEqualTo(failed.runId());
    }

    @Test
    void abandon_byARejectedDuplicate_cannotEndTheHoldersLease() {
        // powertools-lambda-typescript #5675: a duplicate's error path deleted the record the first copy held.
        Decision.Proceed holder = proceed(T0, Duration.ofSeconds(20));
        assertThat(claims.begin(key, HASH, T0.plusSeconds(1), Duration.ofSeconds(20))).isInstanceOf(Decision.InProgress.class);
        Decision.Proceed duplicatesView = new Decision.Proceed(key, holder.runId(), "token-the-duplicate-minted",
                T0.plusSeconds(21));

        assertThat(claims.abandon(duplicatesView, T0.plusSeconds(1))).isFalse();
        assertThat(claims.complete(duplicatesView, 500, "{\"oops\":true}")).isFalse();

        DeliveryRecord record = store.record(key).orElseThrow();
        assertThat(record.claimToken()).isEqualTo(holder.claimToken());
        assertThat(record.leaseExpiresAt()).isEqualTo(T0.plusSeconds(20));
        assertThat(claims.begin(key, HASH, T0.plusSeconds(2), Duration.ofSeconds(20))).isInstanceOf(Decision.InProgress.class);
        assertThat(claims.complete(holder, 202, "{\"ok\":true}")).isTrue();
        assertThat(claims.begin(key, HASH, T0.plusSeconds(3), Duration.ofSeconds(20)))
                .isEqualTo(new Decision.Replay(202, "{\"ok\":true}"));
    }

    @Test
    void abandon_afterATakeover_isFalseAndLeavesTheNewHoldersLease() {
        Decision.Proceed presumedDead = proceed(T0, Duration.ofSeconds(10));
        Decision.Proceed takeover = proceed(T0.plusSeconds(11), Duration.ofSeconds(10));

        assertThat(claims.abandon(presumedDead, T0.plusSeconds(12))).isFalse();

        DeliveryRecord record = store.record(key).orElseThrow();
        assertThat(record.claimToken()).isEqualTo(takeover.claimToken());
        assertThat(record.leaseExpiresAt()).isEqualTo(T0.plusSeconds(21));
    }

    @Test
    void abandon_afterComplete_isFalseAndKeepsTheAnswer() {
        Decision.Proceed claim = proceed(T0, Duration.ofSeconds(20));
        claims.complete(claim, 202, "{\"kept\":true}");

        assertThat(claims.abandon(claim, T0.plusSeconds(1))).isFalse();

        assertThat(claims.begin(key, HASH, T0.plusSeconds(2), Duration.ofSeconds(20)))
                .isEqualTo(new Decision.Replay(202, "{\"kept\":true}"));
    }

    @Test
    void abandon_ofAKeyNeverClaimed_isFalseAndRecordsNothing() {
        Decision.Proceed imagined = new Decision.Proceed(key, "run-never-claimed", "token-never-stored", T0.plusSeconds(20));

        assertThat(claims.abandon(imagined, T0)).isFalse();

        assertThat(store.record(key)).isEmpty();
    }

    @Test
    void begin_afterLeaseExpiry_takesOverKeepingTheOriginalRunId() {
        Decision.Proceed dead = proceed(T0, Duration.ofSeconds(10));

        Decision.Proceed takeover = proceed(T0.plusSeconds(11), Duration.ofSeconds(10));

        assertThat(takeover.runId()).isEqualTo(dead.runId());
        assertThat(takeover.claimToken()).isNotEqualTo(dead.claimToken());
        // The invocation that was presumed dead can no longer finish or drop the claim.
        assertThat(claims.complete(dead, 202, "{\"late\":true}")).isFalse();
        assertThat(claims.complete(takeover, 202, "{\"ok\":true}")).isTrue();
        assertThat(claims.begin(key, HASH, T0.plusSeconds(12), Duration.ofSeconds(10)))
                .isEqualTo(new Decision.Replay(202, "{\"ok\":true}"));
    }

    @Test
    void begin_afterLeaseExpiryWithADifferentPayload_isPayloadMismatchAndNoTakeover() {
        Decision.Proceed dead = proceed(T0, Duration.ofSeconds(10));

        assertThat(claims.begin(key, OTHER_HASH, T0.plusSeconds(11), Duration.ofSeconds(10)))
                .isInstanceOf(Decision.PayloadMismatch.class);

        DeliveryRecord record = store.record(key).orElseThrow();
        assertThat(record.payloadHash()).isEqualTo(HASH);
        assertThat(record.claimToken()).isEqualTo(dead.claimToken());
        // The genuine retry can still take the dead claim over.
        assertThat(proceed(T0.plusSeconds(12), Duration.ofSeconds(10)).runId()).isEqualTo(dead.runId());
    }

    @Test
    void complete_withNullBody_isRefusedAndTheClaimStaysInProgress() {
        Decision.Proceed claim = proceed(T0, Duration.ofSeconds(20));

        assertThatNullPointerException().isThrownBy(() -> claims.complete(claim, 202, null))
                .withMessageContaining("responseBody");
        assertThat(store.record(key).orElseThrow().status()).isEqualTo(DeliveryRecord.Status.IN_PROGRESS);
    }

    @Test
    void begin_afterRetentionOfACompletedRecord_startsAFreshRun() {
        Decision.Proceed first = proceed(T0, Duration.ofSeconds(10));
        claims.complete(first, 202, "{}");

        Decision.Proceed later = proceed(T0.plus(RETENTION).plusSeconds(1), Duration.ofSeconds(10));

        assertThat(later.runId()).isNotEqualTo(first.runId());
    }

    @Test
    void begin_afterRetentionOfAnAbandonedClaim_startsAFreshRunNotATakeover() {
        Decision.Proceed abandoned = proceed(T0, Duration.ofSeconds(10));

        Decision.Proceed later = proceed(T0.plus(RETENTION).plusSeconds(1), Duration.ofSeconds(10));

        assertThat(later.runId()).isNotEqualTo(abandoned.runId());
    }

    @Test
    void begin_justBeforeRetentionEnds_stillReplays() {
        Decision.Proceed first = proceed(T0, Duration.ofSeconds(10));
        claims.complete(first, 202, "{\"kept\":true}");

        assertThat(claims.begin(key, HASH, T0.plus(RETENTION), Duration.ofSeconds(10)))
                .isEqualTo(new Decision.Replay(202, "{\"kept\":true}"));
    }

    @ParameterizedTest(name = "lease {0} s")
    @ValueSource(longs = {0, -5, 31, 3600})
    void begin_withZeroNegativeOrTooLongLease_usesTheConfiguredClaimLease(long seconds) {
        assertThat(proceed(T0, Duration.ofSeconds(seconds)).leaseExpiresAt()).isEqualTo(T0.plus(MAX_LEASE));

        assertThat(store.record(key).orElseThrow().leaseExpiresAt()).isEqualTo(T0.plus(MAX_LEASE));
        assertThat(claims.begin(key, HASH, T0, Duration.ofSeconds(5))).isEqualTo(new Decision.InProgress(MAX_LEASE));
    }

    @Test
    void begin_withLeaseWithinTheCap_keepsTheGivenLease() {
        proceed(T0, Duration.ofMillis(7_500));

        assertThat(store.record(key).orElseThrow().leaseExpiresAt()).isEqualTo(T0.plusMillis(7_500));
        assertThat(claims.begin(key, HASH, T0.plusMillis(7_501), Duration.ofSeconds(5))).isInstanceOf(Decision.Proceed.class);
    }

    @Test
    void begin_withLeaseEqualToTheCap_keepsIt() {
        proceed(T0, MAX_LEASE);

        assertThat(store.record(key).orElseThrow().leaseExpiresAt()).isEqualTo(T0.plus(MAX_LEASE));
    }
}
