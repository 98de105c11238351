package io.hookrun.runhistory;

import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunCursor;
import io.hookrun.core.run.RunHistory;
import io.hookrun.core.run.RunPage;
import io.hookrun.core.run.RunQuery;
import io.hookrun.core.run.RunStatus;
import io.micronaut.context.ApplicationContext;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keyset paging of {@link JdbcRunHistory#listRuns} over a real PostgreSQL with a database of its own: 250 runs in three
 * triggers, three workflows and four statuses, two or three to an instant (so pages end between runs of the same
 * {@code created_at}), walked page by page with each filter, a time range, and all of them together. Each walk must
 * give exactly the runs the filter selects, newest first, each once, whatever the page size.
 */
class JdbcRunListIT {

    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00.000001Z");
    private static final int RUNS = 250;

    private static TestDatabase database;
    private static ApplicationContext context;
    private static RunHistory history;
    /** Every run created, as stored (instants at microseconds). */
    private static final List<Run> STORED = new ArrayList<>();

    @BeforeAll
    static void start() {
        database = TestDatabase.start();
        context = TestDatabase.context(database.jdbcUrl());
        history = context.getBean(RunHistory.class);
        RunStatus[] statuses = {RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.SUCCEEDED, RunStatus.FAILED};
        for (int i = 0; i < RUNS; i++) {
            // microsecond instants, as PostgreSQL stores them; i / 2 puts two or three runs on one instant
            Instant createdAt = T0.plusSeconds(i / 2 * 7L).plusNanos((i / 2 % 5) * 1_000L);
            store(run("trg-" + i % 3, "wf-" + i % 5 % 3, statuses[i % 4], createdAt));
        }
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

    record Filter(String name, RunQuery query, Predicate<Run> selects) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Filter> filters() {
        Instant from = T0.plusSeconds(200 * 7 / 2 / 4);
        Instant to = T0.plusSeconds(200 * 7 / 2);
        return Stream.of(
                new Filter("none", new RunQuery(null, null, null, null, null, null, 7), run -> true),
                new Filter("trigger", new RunQuery("trg-1", null, null, null, null, null, 7),
                        run -> run.triggerId().equals("trg-1")),
                new Filter("workflow", new RunQuery(null, "wf-2", null, null, null, null, 7),
                        run -> run.workflowId().equals("wf-2")),
                new Filter("status", new RunQuery(null, null, RunStatus.FAILED, null, null, null, 7),
                        run -> run.status() == RunStatus.FAILED),
                new Filter("time range", new RunQuery(null, null, null, from, to, null, 7),
                        run -> !run.createdAt().isBefore(from) && run.createdAt().isBefore(to)),
                new Filter("everything", new RunQuery("trg-0", "wf-0", RunStatus.QUEUED, from, to, null, 3),
                        run -> run.triggerId().equals("trg-0") && run.workflowId().equals("wf-0")
                                && run.status() == RunStatus.QUEUED && !run.createdAt().isBefore(from)
                                && run.createdAt().isBefore(to)),
                new Filter("none, pages of 100", new RunQuery(null, null, null, null, null, null, 100), run -> true),
                new Filter("none, pages of 1", new RunQuery(null, null, null, null, null, null, 1), run -> true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void walkingEveryPage_givesEachSelectedRunOnce_newestFirst(Filter filter) {
        List<UUID> expected = STORED.stream().filter(filter.selects()).sorted(NEWEST_FIRST).map(Run::id).toList();

        List<Run> walked = walk(filter.query(), expected.size() / filter.query().limit() + 2);

        assertThat(expected).as("the filter selects some runs, not all").isNotEmpty();
        assertThat(walked).extracting(Run::id).containsExactlyElementsOf(expected);
        assertThat(walked).allSatisfy(run -> assertThat(run).isEqualTo(STORED.stream()
                .filter(s -> s.id().equals(run.id())).findFirst().orElseThrow()));
    }

    @Test
    void aRunCreatedMidWalk_doesNotShiftTheRemainingPages() {
        RunQuery query = new RunQuery("trg-2", null, null, null, null, null, 10);
        List<UUID> expected = STORED.stream().filter(r -> r.triggerId().equals("trg-2")).sorted(NEWEST_FIRST)
                .map(Run::id).toList();
        List<Run> walked = new ArrayList<>();
        RunPage page = history.listRuns(query);
        walked.addAll(page.runs());
        page = history.listRuns(query.startingAfter(page.next()));
        walked.addAll(page.runs());

        // newer than everything listed, and one at the very instant of the cursor with the greatest id
        store(run("trg-2", "wf-0", RunStatus.QUEUED, T0.plusSeconds(100_000)));
        store(new Run(new UUID(-1L, -1L), "trg-2", "wf-0", "evt-max", RunStatus.QUEUED, null, null, null, null, null,
                page.next().createdAt(), null, null));
        while (page.next() != null) {
            page = history.listRuns(query.startingAfter(page.next()));
            walked.addAll(page.runs());
        }

        assertThat(walked).extracting(Run::id).containsExactlyElementsOf(expected);
    }

    @Test
    void aCursorMadeFromARowRoundTripsExactly_evenWhenTheRunWasCreatedWithNanoseconds() {
        Instant nanos = Instant.parse("2030-01-01T00:00:00.123456789Z");
        List<Run> tied = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            tied.add(store(run("trg-nanos", "wf-nanos", RunStatus.QUEUED, nanos)));
        }
        RunQuery query = new RunQuery("trg-nanos", null, null, null, null, null, 1);

        List<Run> walked = walk(query, 5);

        assertThat(walked).extracting(Run::id).containsExactlyInAnyOrderElementsOf(tied.stream().map(Run::id).toList());
        assertThat(walked).extracting(Run::createdAt).as("one instant, stored at microseconds")
                .containsOnly(tied.getFirst().createdAt());
        assertThat(tied.getFirst().createdAt().getNano() % 1_000).isZero();
    }

    @Test
    void theCursorPassesTheLastRunOfAPage_exclusively() {
        RunQuery query = new RunQuery("trg-0", null, null, null, null, null, 5);
        RunPage first = history.listRuns(query);

        RunPage second = history.listRuns(query.startingAfter(RunCursor.of(first.runs().get(2))));

        assertThat(second.runs()).extracting(Run::id).startsWith(first.runs().get(3).id(), first.runs().get(4).id());
    }

    @Test
    void v6IndexesServeEachFilter_andTheV1PrefixesAreGone() throws SQLException {
        List<String> indexes = new ArrayList<>();
        try (Connection connection = DelegatingDataSource.unwrapDataSource(context.getBean(DataSource.class))
                .getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT indexname || ': ' || indexdef FROM pg_indexes WHERE tablename = 'runs' ORDER BY 1")) {
            while (rows.next()) {
                indexes.add(rows.getString(1));
            }
        }

        assertThat(indexes).anySatisfy(i -> assertThat(i).startsWith("runs_page: ").endsWith("(created_at DESC, id DESC)"))
                .anySatisfy(i -> assertThat(i).startsWith("runs_trigger_page: ")
                        .endsWith("(trigger_id, created_at DESC, id DESC)"))
                .anySatisfy(i -> assertThat(i).startsWith("runs_workflow_page: ")
                        .endsWith("(workflow_id, created_at DESC, id DESC)"))
                .anySatisfy(i -> assertThat(i).startsWith("runs_status_page: ")
                        .endsWith("(status, created_at DESC, id DESC)"))
                .noneSatisfy(i -> assertThat(i).startsWith("runs_created_at"))
                .noneSatisfy(i -> assertThat(i).startsWith("runs_trigger_created_at"))
                .noneSatisfy(i -> assertThat(i).startsWith("runs_status_created_at"));
    }

    /** Every page of {@code query}, in order; fails past {@code maxPages} (a cursor that does not move on). */
    private static List<Run> walk(RunQuery query, int maxPages) {
        List<Run> walked = new ArrayList<>();
        RunPage page = history.listRuns(query);
        walked.addAll(page.runs());
        int pages = 1;
        while (page.next() != null) {
            assertThat(page.runs()).hasSize(query.limit());
            assertThat(++pages).as("pages").isLessThanOrEqualTo(maxPages);
            page = history.listRuns(query.startingAfter(page.next()));
            walked.addAll(page.runs());
        }
        return walked;
    }

    /** Creates the run, and keeps it as the history stores it for the other tests' expectations. */
    private static Run store(Run run) {
        assertThat(history.createRun(run)).isTrue();
        Run stored = history.findRun(run.id()).orElseThrow();
        STORED.add(stored);
        return stored;
    }

    private static Run run(String triggerId, String workflowId, RunStatus status, Instant createdAt) {
        return new Run(UUID.randomUUID(), triggerId, workflowId, "evt-" + UUID.randomUUID(), status, "{}", null, null,
                null, "{}", createdAt, null, null);
    }

    /** created_at DESC, id DESC, ids compared as PostgreSQL compares uuid values: 16 bytes, unsigned. */
    private static final Comparator<Run> NEWEST_FIRST = Comparator.comparing(Run::createdAt)
            .thenComparing(Run::id, (a, b) -> {
                int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
                return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
            }).reversed();
}
