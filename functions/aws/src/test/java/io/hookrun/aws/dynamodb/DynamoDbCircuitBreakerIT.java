package io.hookrun.aws.dynamodb;

import io.hookrun.core.config.HookrunConfiguration;
import io.hookrun.core.outbound.BreakerSettings;
import io.hookrun.core.outbound.CircuitBreaker.OpenCircuit;
import io.hookrun.core.outbound.CircuitBreaker.Permit;
import io.hookrun.testsupport.emulator.AwsDefaults;
import io.hookrun.testsupport.emulator.DynamoDbLocalExtension;
import io.hookrun.testsupport.emulator.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** {@link DynamoDbCircuitBreaker} against DynamoDB Local: shared state, one opening, one probe, and failing open. */
class DynamoDbCircuitBreakerIT {

    @RegisterExtension
    static final DynamoDbLocalExtension DYNAMO = new DynamoDbLocalExtension();

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:05Z");

    private final String host = "api-" + UUID.randomUUID() + ".example.com";

    private static DynamoDbCircuitBreaker breaker() {
        return new DynamoDbCircuitBreaker(DYNAMO.client(), DynamoDbLocalExtension.configuration());
    }

    private static void calls(DynamoDbCircuitBreaker breaker, String host, int successes, int failures, Instant at) {
        for (int i = 0; i < successes; i++) {
            breaker.record(host, false, at);
        }
        for (int i = 0; i < failures; i++) {
            breaker.record(host, true, at);
        }
    }

    @Test
    void halfOfTwentyCallsFailing_opensTheBreaker_forEveryInstanceReadingTheTable() {
        calls(breaker(), host, 10, 9, T0);
        assertThat(breaker().permit(host, T0)).isEqualTo(new Permit.Closed());

        breaker().record(host, true, T0.plusSeconds(1));

        assertThat(breaker().permit(host, T0.plusSeconds(2))).isEqualTo(new Permit.Open(T0.plusSeconds(31)));
        assertThat(breaker().open(T0.plusSeconds(2), 1000)).contains(new OpenCircuit(host, T0.plusSeconds(1), T0.plusSeconds(31)));
        Map<String, AttributeValue> item = DYNAMO.client().getItem(r -> r.tableName(DynamoDbLocalExtension.TABLE)
                .key(Map.of("pk", AttributeValue.fromS("breaker#" + host)))).item();
        assertThat(item.get("calls").n()).isEqualTo("20");
        assertThat(item.get("failures").n()).isEqualTo("10");
        assertThat(Long.parseLong(item.get("expiresAt").n())).isGreaterThan(T0.getEpochSecond());
    }

    @Test
    void aNewSixtySecondWindow_startsTheCountsAgain() {
        calls(breaker(), host, 0, 15, T0);                 // window 10:00:00-10:01:00
        calls(breaker(), host, 0, 15, T0.plusSeconds(60)); // window 10:01:00-10:02:00

        assertThat(breaker().permit(host, T0.plusSeconds(61))).isEqualTo(new Permit.Closed());
    }

    @Test
    void concurrentFailures_countEveryCall_andOpenItOnce() throws Exception {
        List<Callable<Void>> failures = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int i = 0; i < 40; i++) {
            failures.add(() -> {
                start.await();
                breaker().record(host, true, T0);
                return null;
            });
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<Void>> done = failures.stream().map(pool::submit).toList();
            start.countDown();
            for (Future<Void> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        }

        Map<String, AttributeValue> item = DYNAMO.client().getItem(r -> r.tableName(DynamoDbLocalExtension.TABLE)
                .key(Map.of("pk", AttributeValue.fromS("breaker#" + host))).consistentRead(true)).item();
        // the first 20 were counted (the 20th opened it); the rest found it open and were not
        assertThat(item.get("calls").n()).isEqualTo(item.get("failures").n());
        assertThat(Long.parseLong(item.get("calls").n())).isBetween(20L, 40L);
        assertThat(breaker().permit(host, T0.plusSeconds(1))).isInstanceOf(Permit.Open.class);
    }

    @Test
    void afterOpenFor_exactlyOneOfSixteenConcurrentCallersGetsTheProbe() throws Exception {
        calls(breaker(), host, 0, 20, T0);
        Instant halfOpen = T0.plusSeconds(30);
        List<Callable<Permit>> callers = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int i = 0; i < 16; i++) {
            callers.add(() -> {
                start.await();
                return breaker().permit(host, halfOpen);
            });
        }
        List<Permit> permits = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<Permit>> answers = callers.stream().map(pool::submit).toList();
            start.countDown();
            for (Future<Permit> f : answers) {
                permits.add(f.get(60, TimeUnit.SECONDS));
            }
        }

        assertThat(permits).filteredOn(p -> p instanceof Permit.Probe).hasSize(1);
        assertThat(permits).filteredOn(p -> p instanceof Permit.Open).hasSize(15)
                .allMatch(p -> ((Permit.Open) p).retryAt().equals(halfOpen.plusSeconds(30)));
    }

    @Test
    void theProbesSuccess_closesTheBreaker_withFreshCounts() {
        calls(breaker(), host, 0, 20, T0);
        assertThat(breaker().permit(host, T0.plusSeconds(31))).isEqualTo(new Permit.Probe());

        breaker().record(host, false, T0.plusSeconds(32));

        assertThat(breaker().permit(host, T0.plusSeconds(33))).isEqualTo(new Permit.Closed());
        assertThat(breaker().open(T0.plusSeconds(33), 1000)).extracting(OpenCircuit::host).doesNotContain(host);
        breaker().record(host, true, T0.plusSeconds(34));
        assertThat(breaker().permit(host, T0.plusSeconds(35))).isEqualTo(new Permit.Closed());
    }

    @Test
    void theProbesFailure_opensItAgain() {
        calls(breaker(), host, 0, 20, T0);
        assertThat(breaker().permit(host, T0.plusSeconds(31))).isEqualTo(new Permit.Probe());

        breaker().record(host, true, T0.plusSeconds(32));

        assertThat(breaker().permit(host, T0.plusSeconds(33))).isEqualTo(new Permit.Open(T0.plusSeconds(62)));
    }

    @Test
    void open_readsTheIndexItem_andEachListedHostsItem_neverScanning() {
        calls(breaker(), host, 0, 20, T0);
        String closedHost = "closed-" + host;
        calls(breaker(), closedHost, 5, 0, T0);

        List<OpenCircuit> open = breaker().open(T0.plusSeconds(1), 1000);

        assertThat(open).contains(new OpenCircuit(host, T0, T0.plusSeconds(30)));
        assertThat(open).extracting(OpenCircuit::host).doesNotContain(closedHost);
        assertThat(indexedHosts()).contains(host).doesNotContain(closedHost);
    }

    @Test
    void closing_unlistsTheHost_andAStaleEntryWhoseItemIsClosed_isSkipped() {
        calls(breaker(), host, 0, 20, T0);
        breaker().permit(host, T0.plusSeconds(31));
        breaker().record(host, false, T0.plusSeconds(32));
        assertThat(indexedHosts()).doesNotContain(host);

        // The DELETE of a closing lost (or the item expired while open): the host is listed, its item is not open.
        String stale = "stale-" + host;
        index("ADD", stale);

        assertThat(breaker().open(T0.plusSeconds(33), 1000)).extracting(OpenCircuit::host).doesNotContain(host, stale);
    }

    @Test
    void aLostIndexEntry_isListedAgainByTheNextReopening() {
        calls(breaker(), host, 0, 20, T0);
        index("DELETE", host); // the ADD after the opening was lost
        assertThat(breaker().open(T0.plusSeconds(1), 1000)).extracting(OpenCircuit::host).doesNotContain(host);

        assertThat(breaker().permit(host, T0.plusSeconds(31))).isEqualTo(new Permit.Probe());
        breaker().record(host, true, T0.plusSeconds(32));

        assertThat(breaker().open(T0.plusSeconds(33), 1000))
                .contains(new OpenCircuit(host, T0.plusSeconds(32), T0.plusSeconds(62)));
    }

    @Test
    void open_stopsAtTheLimit() {
        String second = "b-" + host;
        calls(breaker(), host, 0, 20, T0);
        calls(breaker(), second, 0, 20, T0);

        assertThat(breaker().open(T0.plusSeconds(1), 1)).hasSize(1);
    }

    private static List<String> indexedHosts() {
        Map<String, AttributeValue> item = DYNAMO.client().getItem(r -> r.tableName(DynamoDbLocalExtension.TABLE)
                .key(Map.of("pk", AttributeValue.fromS(DynamoDbCircuitBreaker.OPEN_INDEX_KEY)))).item();
        return item == null || !item.containsKey("hosts") ? List.of() : item.get("hosts").ss();
    }

    private static void index(String operation, String host) {
        DYNAMO.client().updateItem(r -> r.tableName(DynamoDbLocalExtension.TABLE)
                .key(Map.of("pk", AttributeValue.fromS(DynamoDbCircuitBreaker.OPEN_INDEX_KEY)))
                .updateExpression(operation + " hosts :host")
                .expressionAttributeValues(Map.of(":host", AttributeValue.fromSs(List.of(host)))));
    }

    @Test
    void dynamoDbUnreachable_failsOpen_callsGoAndNothingThrows() {
        URI nothingListens = URI.create("http://127.0.0.1:" + FreePorts.find());
        try (DynamoDbClient unreachable = DynamoDbClient.builder().endpointOverride(nothingListens)
                .region(Region.of(AwsDefaults.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD).apiCallTimeout(Duration.ofSeconds(2)))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            DynamoDbCircuitBreaker down = new DynamoDbCircuitBreaker(unreachable,
                    new HookrunConfiguration("hookrun", null, 1, Duration.ofHours(1), Duration.ofSeconds(30),
                            Duration.ofSeconds(10)), BreakerSettings.DEFAULT);

            assertThat(down.permit(host, T0)).isEqualTo(new Permit.Closed());
            assertThatCode(() -> down.record(host, true, T0)).doesNotThrowAnyException();
        }
    }
}
