package io.hookrun.aws.dynamodb;

import io.hookrun.core.idempotency.DeliveryRecord;
import io.hookrun.core.idempotency.ClaimResult;
import io.hookrun.core.idempotency.DeliveryKey;
import io.hookrun.testsupport.emulator.DynamoDbLocalExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class DynamoDbIdempotencyStoreIT {

    @RegisterExtension
    static final DynamoDbLocalExtension DYNAMO = new DynamoDbLocalExtension();

    private static final Instant T0 = Instant.parse("2025-06-01T12:00:00.250Z");
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration RETENTION = Duration.ofHours(72);
    private static final String HASH = "payload-hash-a";

    /** Operation names of every request the counting client sends. */
    private static final List<String> REQUESTS = new CopyOnWriteArrayList<>();
    private static DynamoDbClient countingClient;

    private final DynamoDbIdempotencyStore store = new DynamoDbIdempotencyStore(DYNAMO.client(), DynamoDbLocalExtension.configuration());
    private final DeliveryKey key = new DeliveryKey("trg_" + UUID.randomUUID(), "msg_" + UUID.randomUUID());

    @BeforeAll
    static void countingClient() {
        countingClient = DYNAMO.newClient(new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                REQUESTS.add(context.request().getClass().getSimpleName());
            }
        });
    }

    @AfterAll
    static void closeCountingClient() {
        countingClient.close();
    }

    private ClaimResult claim(String runId, String token, Instant now) {
        return claim(store, runId, token, now);
    }

    private ClaimResult claim(DynamoDbIdempotencyStore on, String runId, String token, Instant now) {
        return on.claim(key, runId, token, HASH, now, now.plus(LEASE), now.plus(RETENTION));
    }

    /**
     * Runs {@code action} on a store whose client calls {@code race} just before its first UpdateItem is sent:
     * another invocation acting between this one's two requests.
     */
    private <T> T withHookBeforeFirstUpdate(Runnable race, Function<DynamoDbIdempotencyStore, T> action) {
        AtomicBoolean fired = new AtomicBoolean();
        try (DynamoDbClient client = DYNAMO.newClient(new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof UpdateItemRequest && fired.compareAndSet(false, true)) {
                    race.run();
                }
            }
        })) {
            T result = action.apply(new DynamoDbIdempotencyStore(client, DynamoDbLocalExtension.configuration()));
            assertThat(fired).as("the racing action ran").isTrue();
            return result;
        }
    }

    private Map<String, AttributeValue> item() {
        return DYNAMO.client().getItem(r -> r.tableName(DynamoDbLocalExtension.TABLE)
                .key(Map.of("pk", AttributeValue.fromS(key.partitionKey()))).consistentRead(true)).item();
    }

    private DeliveryRecord existing(ClaimResult result) {
        assertThat(result).isInstanceOf(ClaimResult.Existing.class);
        return ((ClaimResult.Existing) result).record();
    }

    @Test
    void claim_newKey_isClaimedWithTheProposedRunIdAndStoresAnInProgressItem() {
        ClaimResult result = claim("run-1", "token-1", T0);

        assertThat(result).isEqualTo(new ClaimResult.Claimed("run-1", "token-1"));
        Map<String, AttributeValue> item = item();
        assertThat(item.get("status").s()).isEqualTo("IN_PROGRESS");
        assertThat(item.get("runId").s()).isEqualTo("run-1");
        assertThat(item.get("claimToken").s()).isEqualTo("token-1");
        assertThat(item.get("payloadHash").s()).isEqualTo(HASH);
        assertThat(item.get("leaseExpiresAtMs").n()).isEqualTo(Long.toString(T0.plus(LEASE).toEpochMilli()));
        // expiresAt is the TTL attribute: DynamoDB TTL wants epoch seconds.
        assertThat(item.get("expiresAt").n()).isEqualTo(Long.toString(T0.plus(RETENTION).getEpochSecond()));
    }

    @Test
    void claim_duplicateWhileLeaseHeld_returnsTheExistingRecordInOneRequest() {
        claim("run-1", "token-1", T0);
        DynamoDbIdempotencyStore counted = new DynamoDbIdempotencyStore(countingClient, DynamoDbLocalExtension.configuration());
        REQUESTS.clear();

        DeliveryRecord record = existing(claim(counted, "run-2", "token-2", T0.plusSeconds(5)));

        // ReturnValuesOnConditionCheckFailure=ALL_OLD: the refused PutItem itself carries the holder's item.
        assertThat(REQUESTS).containsExactly("PutItemRequest");
        assertThat(record).isEqualTo(new DeliveryRecord(key, DeliveryRecord.Status.IN_PROGRESS, "run-1", "token-1",
                T0.plus(LEASE), Instant.ofEpochSecond(T0.plus(RETENTION).getEpochSecond()), HASH, 0, null));
        assertThat(item().get("claimToken").s()).isEqualTo("token-1");
    }

    @Test
    void claim_exactlyWhenTheLeaseEnds_isStillRefused() {
        claim("run-1", "token-1", T0);

        assertThat(existing(claim("run-2", "token-2", T0.plus(LEASE))).runId()).isEqualTo("run-1");
    }

    @Test
    void complete_thenDuplicate_returnsTheCompletedRecordWithItsResponse() {
        claim("run-1", "token-1", T0);

        assertThat(store.complete(key, "token-1", 202, "{\"runId\":\"run-1\"}")).isTrue();
        DeliveryRecord record = existing(claim("run-2", "token-2", T0.plus(Duration.ofHours(1))));

        assertThat(record.status()).isEqualTo(DeliveryRecord.Status.COMPLETED);
        assertThat(record.runId()).isEqualTo("run-1");
        assertThat(record.responseStatus()).isEqualTo(202);
        assertThat(record.responseBody()).isEqualTo("{\"runId\":\"run-1\"}");
        assertThat(record.claimToken()).isNull();
        assertThat(record.leaseExpiresAt()).isNull();
        assertThat(record.payloadHash()).isEqualTo(HASH);
    }

    @Test
    void complete_withWrongToken_returnsFalseAndLeavesTheClaimInProgress() {
        claim("run-1", "token-1", T0);

        assertThat(store.complete(key, "token-x", 500, "{}")).isFalse();

        Map<String, AttributeValue> item = item();
        assertThat(item.get("status").s()).isEqualTo("IN_PROGRESS");
        assertThat(item.get("claimToken").s()).isEqualTo("token-1");
        assertThat(item).doesNotContainKeys("responseStatus", "responseBody");
    }

    @Test
    void complete_ofAnAbsentKey_returnsFalseAndCreatesNothing() {
        assertThat(store.complete(key, "token-1", 202, "{}")).isFalse();
        assertThat(item()).isEmpty();
    }

    @Test
    void complete_twice_secondIsRefusedAndTheFirstAnswerStays() {
        claim("run-1", "token-1", T0);
        store.complete(key, "token-1", 202, "{\"first\":true}");

        assertThat(store.complete(key, "token-1", 500, "{\"second\":true}")).isFalse();
        assertThat(item().get("responseBody").s()).isEqualTo("{\"first\":true}");
    }

    @Test
    void abandon_withOwnToken_endsTheLeaseNowInOneRequestAndKeepsRunIdTokenAndPayload() {
        claim("run-1", "token-1", T0);
        DynamoDbIdempotencyStore counted = new DynamoDbIdempotencyStore(countingClient, DynamoDbLocalExtension.configuration());
        REQUESTS.clear();
        Instant failedAt = T0.plusSeconds(3);

        assertThat(counted.abandon(key, "token-1", failedAt)).isTrue();

        assertThat(REQUESTS).containsExactly("UpdateItemRequest");
        Map<String, AttributeValue> item = item();
        assertThat(item.get("status").s()).isEqualTo("IN_PROGRESS");
        assertThat(item.get("runId").s()).isEqualTo("run-1");
        assertThat(item.get("claimToken").s()).isEqualTo("token-1");
        assertThat(item.get("payloadHash").s()).isEqualTo(HASH);
        assertThat(item.get("leaseExpiresAtMs").n()).isEqualTo(Long.toString(failedAt.toEpochMilli()));
        assertThat(item.get("expiresAt").n()).isEqualTo(Long.toString(T0.plus(RETENTION).getEpochSecond()));
    }

    @Test
    void abandon_thenTheRetry_takesTheClaimOverAtOnceUnderTheSameRunId() {
        claim("run-1", "token-1", T0);
        Instant failedAt = T0.plusSeconds(3);
        store.abandon(key, "token-1", failedAt);

        // In the very millisecond of the abandon the lease has not ended yet (the takeover needs lease < now).
        assertThat(existing(claim("run-2", "token-2", failedAt)).claimToken()).isEqualTo("token-1");
        ClaimResult retry = claim("run-3", "token-3", failedAt.plusMillis(1));

        assertThat(retry).isEqualTo(new ClaimResult.Claimed("run-1", "token-3"));
        assertThat(item().get("runId").s()).isEqualTo("run-1");
        assertThat(store.complete(key, "token-1", 202, "{}")).isFalse();
        assertThat(store.complete(key, "token-3", 202, "{\"runId\":\"run-1\"}")).isTrue();
    }

    @Test
    void abandon_withWrongToken_returnsFalseAndKeepsTheHoldersLease() {
        // powertools-lambda-typescript #5675: a rejected duplicate must not free the claim the first copy holds.
        claim("run-1", "token-1", T0);

        assertThat(store.abandon(key, "token-of-a-duplicate", T0.plusSeconds(1))).isFalse();

        assertThat(item().get("claimToken").s()).isEqualTo("token-1");
        assertThat(item().get("leaseExpiresAtMs").n()).isEqualTo(Long.toString(T0.plus(LEASE).toEpochMilli()));
        assertThat(existing(claim("run-3", "token-3", T0.plusSeconds(2))).runId()).isEqualTo("run-1");
    }

    @Test
    void abandon_afterComplete_returnsFalseAndKeepsTheAnswerWithoutALease() {
        claim("run-1", "token-1", T0);
        store.complete(key, "token-1", 202, "{}");

        assertThat(store.abandon(key, "token-1", T0.plusSeconds(1))).isFalse();

        assertThat(item().get("status").s()).isEqualTo("COMPLETED");
        assertThat(item()).doesNotContainKeys("leaseExpiresAtMs", "claimToken");
    }

    @Test
    void abandon_ofAnAbsentKey_returnsFalseAndCreatesNothing() {
        assertThat(store.abandon(key, "token-1", T0)).isFalse();

        assertThat(item()).isEmpty();
    }

    @Test
    void abandon_afterATakeover_returnsFalseAndLeavesTheNewHoldersLease() {
        claim("run-1", "token-1", T0);
        Instant later = T0.plus(LEASE).plusMillis(1);
        claim("run-2", "token-2", later);

        assertThat(store.abandon(key, "token-1", later.plusSeconds(1))).isFalse();

        assertThat(item().get("claimToken").s()).isEqualTo("token-2");
        assertThat(item().get("leaseExpiresAtMs").n()).isEqualTo(Long.toString(later.plus(LEASE).toEpochMilli()));
    }

    @Test
    void claim_afterLeaseExpiry_takesOverKeepingTheRunIdInTwoRequests() {
        claim("run-1", "token-1", T0);
        DynamoDbIdempotencyStore counted = new DynamoDbIdempotencyStore(countingClient, DynamoDbLocalExtension.configuration());
        REQUESTS.clear();
        Instant later = T0.plus(LEASE).plusMillis(1);

        ClaimResult takeover = claim(counted, "run-2", "token-2", later);

        assertThat(takeover).isEqualTo(new ClaimResult.Claimed("run-1", "token-2"));
        // The refused PutItem returns the dead holder's item; one conditional UpdateItem takes it over.
        assertThat(REQUESTS).containsExactly("PutItemRequest", "UpdateItemRequest");
        Map<String, AttributeValue> item = item();
        assertThat(item.get("status").s()).isEqualTo("IN_PROGRESS");
        assertThat(item.get("runId").s()).isEqualTo("run-1");
        assertThat(item.get("claimToken").s()).isEqualTo("token-2");
        assertThat(item.get("payloadHash").s()).isEqualTo(HASH);
        assertThat(item.get("leaseExpiresAtMs").n())
                .isEqualTo(Long.toString(later.plus(LEASE).toEpochMilli()));
        assertThat(item.get("expiresAt").n()).isEqualTo(Long.toString(later.plus(RETENTION).getEpochSecond()));
        // The presumed-dead holder can neither finish nor give up the new claim.
        assertThat(store.complete(key, "token-1", 202, "{}")).isFalse();
        assertThat(store.abandon(key, "token-1", later)).isFalse();
        assertThat(store.complete(key, "token-2", 202, "{}")).isTrue();
    }

    @Test
    void claim_afterLeaseExpiryWithAnotherPayload_isExistingAndLeavesTheDeadClaimAlone() {
        claim("run-1", "token-1", T0);

        DeliveryRecord record = existing(store.claim(key, "run-2", "token-2", "payload-hash-b",
                T0.plus(LEASE).plusMillis(1), T0.plus(LEASE).plusMillis(1).plus(LEASE), T0.plus(RETENTION)));

        // DeliveryClaims turns this into PayloadMismatch: a reused delivery id never takes over another body's run.
        assertThat(record.payloadHash()).isEqualTo(HASH);
        assertThat(record.runId()).isEqualTo("run-1");
        assertThat(record.claimToken()).isEqualTo("token-1");
        Map<String, AttributeValue> item = item();
        assertThat(item.get("payloadHash").s()).isEqualTo(HASH);
        assertThat(item.get("claimToken").s()).isEqualTo("token-1");
        assertThat(item.get("leaseExpiresAtMs").n()).isEqualTo(Long.toString(T0.plus(LEASE).toEpochMilli()));
    }

    @Test
    void claim_takeoverRacedByAThirdCopy_exactlyOneWinsAndEveryoneNamesTheOriginalRun() {
        claim("run-1", "token-1", T0);
        Instant later = T0.plus(LEASE).plusMillis(1);
        AtomicReference<ClaimResult> third = new AtomicReference<>();

        ClaimResult second = withHookBeforeFirstUpdate(
                () -> third.set(claim("run-3", "token-3", later)),
                racing -> claim(racing, "run-2", "token-2", later));

        assertThat(third.get()).isEqualTo(new ClaimResult.Claimed("run-1", "token-3"));
        DeliveryRecord seen = existing(second);
        assertThat(seen.runId()).isEqualTo("run-1");
        assertThat(seen.claimToken()).isEqualTo("token-3");
        assertThat(item().get("runId").s()).isEqualTo("run-1");
        assertThat(item().get("claimToken").s()).isEqualTo("token-3");
    }

    @Test
    void claim_takeoverWhileTheSlowHolderCompletes_isExistingWithTheCompletedRecord() {
        claim("run-1", "token-1", T0);
        Instant later = T0.plus(LEASE).plusMillis(1);
        AtomicBoolean completed = new AtomicBoolean();

        ClaimResult second = withHookBeforeFirstUpdate(
                () -> completed.set(store.complete(key, "token-1", 202, "{\"runId\":\"run-1\"}")),
                racing -> claim(racing, "run-2", "token-2", later));

        assertThat(completed).isTrue();
        DeliveryRecord seen = existing(second);
        assertThat(seen.status()).isEqualTo(DeliveryRecord.Status.COMPLETED);
        assertThat(seen.runId()).isEqualTo("run-1");
        assertThat(seen.responseBody()).isEqualTo("{\"runId\":\"run-1\"}");
        assertThat(item().get("status").s()).isEqualTo("COMPLETED");
    }

    @Test
    void claim_takeoverWhileTheItemIsDeleted_claimsTheFreedKeyWithAFreshRunId() {
        claim("run-1", "token-1", T0);
        Instant later = T0.plus(LEASE).plusMillis(1);

        ClaimResult second = withHookBeforeFirstUpdate(
                () -> DYNAMO.client().deleteItem(r -> r.tableName(DynamoDbLocalExtension.TABLE)
                        .key(Map.of("pk", AttributeValue.fromS(key.partitionKey())))),
                racing -> claim(racing, "run-2", "token-2", later));

        // The item vanished between the refused PutItem and the UpdateItem (TTL deletes items in the background):
        // the conditional UpdateItem creates nothing, and the claim starts again from the PutItem.
        assertThat(second).isEqualTo(new ClaimResult.Claimed("run-2", "token-2"));
        assertThat(item().get("runId").s()).isEqualTo("run-2");
        assertThat(item().get("claimToken").s()).isEqualTo("token-2");
    }

    @Test
    void claim_ofAnAbandonedClaimBy16ThreadsAtOnce_exactlyOneTakesItOverUnderTheOriginalRunId() throws Exception {
        claim("run-0", "token-0", T0);
        Instant failedAt = T0.plusSeconds(1);
        store.abandon(key, "token-0", failedAt);
        List<ClaimResult> results = race(16, n -> claim("run-" + n, "token-" + n, failedAt.plusMillis(1)));

        List<ClaimResult.Claimed> winners = results.stream()
                .filter(ClaimResult.Claimed.class::isInstance).map(ClaimResult.Claimed.class::cast).toList();
        assertThat(winners).hasSize(1);
        assertThat(winners.getFirst().runId()).isEqualTo("run-0");
        assertThat(results).filteredOn(ClaimResult.Existing.class::isInstance).hasSize(15)
                .allSatisfy(r -> assertThat(((ClaimResult.Existing) r).record().runId()).isEqualTo("run-0"));
        assertThat(item().get("claimToken").s()).isEqualTo(winners.getFirst().claimToken());
    }

    @Test
    void complete_withNullBody_isRefusedWithAClearMessageAndTheClaimStays() {
        claim("run-1", "token-1", T0);

        assertThatNullPointerException().isThrownBy(() -> store.complete(key, "token-1", 202, null))
                .withMessageContaining("responseBody");
        assertThat(item().get("status").s()).isEqualTo("IN_PROGRESS");
        assertThat(item().get("claimToken").s()).isEqualTo("token-1");
    }

    @Test
    void claim_ofCompletedRecordPastRetention_isClaimedWithAFreshRunId() {
        DynamoDbIdempotencyStore shortMemory = new DynamoDbIdempotencyStore(DYNAMO.client(),
                DynamoDbLocalExtension.configuration(Duration.ofSeconds(60), LEASE));
        shortMemory.claim(key, "run-1", "token-1", HASH, T0, T0.plus(LEASE), T0.plusSeconds(60));
        shortMemory.complete(key, "token-1", 202, "{}");

        ClaimResult later = shortMemory.claim(key, "run-2", "token-2", "another-hash",
                T0.plusSeconds(62), T0.plusSeconds(92), T0.plusSeconds(122));

        assertThat(later).isEqualTo(new ClaimResult.Claimed("run-2", "token-2"));
        assertThat(item().get("status").s()).isEqualTo("IN_PROGRESS");
        assertThat(item().get("payloadHash").s()).isEqualTo("another-hash");
        assertThat(item()).doesNotContainKeys("responseStatus", "responseBody");
    }

    @Test
    void claim_ofAbandonedClaimPastRetention_isAFreshRunNotATakeover() {
        store.claim(key, "run-1", "token-1", HASH, T0, T0.plus(LEASE), T0.plusSeconds(60));

        ClaimResult later = store.claim(key, "run-2", "token-2", HASH,
                T0.plusSeconds(62), T0.plusSeconds(92), T0.plusSeconds(122));

        assertThat(later).isEqualTo(new ClaimResult.Claimed("run-2", "token-2"));
        assertThat(item().get("runId").s()).isEqualTo("run-2");
    }

    @Test
    void claim_sameDeliveryIdOnAnotherTrigger_isAnIndependentKey() {
        claim("run-1", "token-1", T0);
        DeliveryKey otherTrigger = new DeliveryKey(key.triggerId() + "-b", key.deliveryId());

        assertThat(store.claim(otherTrigger, "run-2", "token-2", HASH, T0, T0.plus(LEASE), T0.plus(RETENTION)))
                .isEqualTo(new ClaimResult.Claimed("run-2", "token-2"));
    }

    @Test
    void claim_by16ThreadsAtOnce_exactlyOneIsClaimedAndTheOthersSeeItsRecord() throws Exception {
        int threads = 16;
        List<ClaimResult> results = race(threads, n -> claim("run-" + n, "token-" + n, T0));

        List<ClaimResult.Claimed> winners = results.stream()
                .filter(ClaimResult.Claimed.class::isInstance).map(ClaimResult.Claimed.class::cast).toList();
        assertThat(winners).hasSize(1);
        ClaimResult.Claimed winner = winners.getFirst();
        assertThat(results).filteredOn(ClaimResult.Existing.class::isInstance).hasSize(threads - 1)
                .allSatisfy(r -> {
                    DeliveryRecord record = ((ClaimResult.Existing) r).record();
                    assertThat(record.runId()).isEqualTo(winner.runId());
                    assertThat(record.claimToken()).isEqualTo(winner.claimToken());
                });
        assertThat(item().get("claimToken").s()).isEqualTo(winner.claimToken());
    }

    /** Runs {@code attempt} on {@code threads} threads released at the same instant; returns every result. */
    private static List<ClaimResult> race(int threads, IntFunction<ClaimResult> attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<ClaimResult>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return attempt.apply(n);
                }));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<ClaimResult> results = new ArrayList<>();
            for (Future<ClaimResult> future : futures) {
                results.add(future.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
