package io.hookrun.runhistory;

import io.hookrun.core.run.Branch;
import io.hookrun.core.run.BranchStatus;
import io.hookrun.core.run.Frames;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunHistory;
import io.hookrun.core.run.RunHistory.BranchTally;
import io.hookrun.core.run.RunHistory.StateStart;
import io.hookrun.core.run.RunStatus;
import io.hookrun.core.run.StateStatus;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Map over 10,000 items against a real PostgreSQL: the fork writes 10,000 branch rows in one statement, 10,000
 * branch ends each count once (one after another, and from 8 threads at once), and the join reads the results in
 * order. Durations are printed for the record (the build log and target/failsafe-reports), never asserted: machines
 * are noisy. The timeout only guards against a hang.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class LargeForkIT {

    private static final int ITEMS = 10_000;
    private static final int THREADS = 8;
    private static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");
    private static final String ROOT = Frames.ROOT;

    private static TestDatabase database;
    private static ApplicationContext context;
    private static RunHistory history;

    @BeforeAll
    static void start() {
        database = TestDatabase.start();
        context = TestDatabase.context(database.jdbcUrl(), Map.of("datasources.default.maximum-pool-size", THREADS));
        history = context.getBean(RunHistory.class);
        history.findRun(UUID.randomUUID()); // migrate and warm the pool outside the measurements
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void aForkOf10000BranchesEndedOneAfterAnotherJoinsWithEveryResultInOrder() {
        UUID runId = forked("sequential");

        List<BranchTally> tallies = new ArrayList<>(ITEMS);
        timed("finishBranch x " + ITEMS + " (one thread)", () -> {
            for (int i = 0; i < ITEMS; i++) {
                tallies.add(finish(runId, i));
            }
            return null;
        });

        assertThat(tallies).extracting(BranchTally::open)
                .containsExactlyElementsOf(IntStream.range(0, ITEMS).map(i -> ITEMS - 1 - i).boxed().toList());
        assertJoins(runId);
    }

    @Test
    void aForkOf10000BranchesEndedFrom8ThreadsCountsEveryBranchOnce() throws Exception {
        UUID runId = forked("8 threads");

        List<BranchTally> tallies = timed("finishBranch x " + ITEMS + " (" + THREADS + " threads)", () -> {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<BranchTally>> futures = new ArrayList<>(ITEMS);
                for (int i = 0; i < ITEMS; i++) {
                    int index = i;
                    futures.add(pool.submit(() -> finish(runId, index)));
                }
                List<BranchTally> results = new ArrayList<>(ITEMS);
                for (Future<BranchTally> future : futures) {
                    results.add(future.get());
                }
                return results;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                pool.shutdownNow();
            }
        });

        assertThat(tallies).allMatch(BranchTally::changed);
        assertThat(tallies).extracting(BranchTally::open)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, ITEMS).boxed().toList());
        assertJoins(runId);
    }

    /** A running run whose step 0 (a Map) forked into {@value #ITEMS} branches, the first 40 started. */
    private static UUID forked(String label) {
        Run run = new Run(UUID.randomUUID(), "trg-large", "wf-large", "evt-" + UUID.randomUUID(), RunStatus.RUNNING,
                "{}", null, null, null, "{}", T0, T0, null);
        history.createRun(run);
        history.claimState(new StateStart(run.id(), ROOT, 0, "Map", "Map", "{}", "{}"), T0, Duration.ofMinutes(5));
        List<String> inputs = IntStream.range(0, ITEMS)
                .mapToObj(i -> "{\"index\":" + i + ",\"name\":\"item \\\"" + i + "\\\"\",\"tags\":[\"a\",\"b\"]}")
                .toList();

        boolean forked = timed("forkState of " + ITEMS + " branches (" + label + ")",
                () -> history.forkState(run.id(), ROOT, 0, "{\"scope\":true}", inputs, 40, T0));
        timed("startBranches 0..40 (" + label + ")", () -> {
            history.startBranches(run.id(), ROOT, 0, 0, 40, T0);
            return null;
        });

        assertThat(forked).isTrue();
        assertThat(history.branchTally(run.id(), ROOT, 0)).isEqualTo(new BranchTally(false, ITEMS, ITEMS, 0, 0));
        assertThat(history.branch(run.id(), ROOT, 0, 4_321).orElseThrow().input()).isEqualTo(inputs.get(4_321));
        return run.id();
    }

    private static BranchTally finish(UUID runId, int index) {
        return index % 100 == 99
                ? history.finishBranch(runId, ROOT, 0, index, BranchStatus.FAILED, null, "States.TaskFailed",
                "item " + index, T0)
                : history.finishBranch(runId, ROOT, 0, index, BranchStatus.SUCCEEDED, "{\"result\":" + index + "}",
                null, null, T0);
    }

    private static void assertJoins(UUID runId) {
        assertThat(history.branchTally(runId, ROOT, 0))
                .isEqualTo(new BranchTally(false, ITEMS, 0, ITEMS - ITEMS / 100, ITEMS / 100));
        assertThat(history.claimJoin(runId, ROOT, 0, T0.plusSeconds(1), Duration.ofMinutes(1))).isTrue();

        List<Branch> branches = timed("branches() of " + ITEMS, () -> history.branches(runId, ROOT, 0));

        assertThat(branches).extracting(Branch::index)
                .containsExactlyElementsOf(IntStream.range(0, ITEMS).boxed().toList());
        assertThat(branches.get(7).output()).isEqualTo("{\"result\":7}");
        assertThat(branches.get(99).status()).isEqualTo(BranchStatus.FAILED);
        assertThat(branches.get(99).cause()).isEqualTo("item 99");
        assertThat(history.stateExecution(runId, ROOT, 0).orElseThrow().status()).isEqualTo(StateStatus.RUNNING);
    }

    private static <T> T timed(String what, Supplier<T> call) {
        long started = System.nanoTime();
        T result = call.get();
        System.out.printf("[large fork] %s: %d ms%n", what, Duration.ofNanos(System.nanoTime() - started).toMillis());
        return result;
    }
}
