package io.hookrun.admin;

import io.hookrun.core.run.InMemoryRunHistory;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.hookrun.admin.AdminHandlerTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** RunAdmin's outcomes, with the in-memory run history. */
class RunAdminTest {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private final InMemoryRunHistory history = new InMemoryRunHistory();
    private final RunAdmin admin = new RunAdmin(history);

    @Test
    void listWithoutParameters_isAPageOfTheNewest20() {
        List<Run> runs = IntStream.range(0, 21).mapToObj(i -> run("orders", RunStatus.QUEUED, T0.plusSeconds(i))).toList();
        runs.forEach(history::createRun);

        RunListing listing = admin.list(null, null, null);

        assertThat(listing).isInstanceOfSatisfying(RunListing.RunPage.class, page -> {
            assertThat(page.runs()).hasSize(RunAdmin.DEFAULT_LIMIT);
            assertThat(page.runs().getFirst()).isEqualTo(runs.getLast());
            assertThat(page.runs()).doesNotContain(runs.getFirst());
        });
    }

    @Test
    void limitAtTheBounds_isAccepted_andBeyondThemIsAnInvalidQuery() {
        assertThat(admin.list(null, null, "1")).isInstanceOf(RunListing.RunPage.class);
        assertThat(admin.list(null, null, "100")).isInstanceOf(RunListing.RunPage.class);
        assertThat(admin.list(null, null, "0"))
                .isEqualTo(new RunListing.InvalidQuery("limit must be a number from 1 to 100"));
        assertThat(admin.list(null, null, "101"))
                .isEqualTo(new RunListing.InvalidQuery("limit must be a number from 1 to 100"));
    }

    @Test
    void runsWithoutATrigger_areListedUnfiltered_andByStatus_butNeverUnderATrigger() {
        Run direct = new Run(UUID.randomUUID(), null, "order-flow", "nightly-1", RunStatus.RUNNING, "{}", null,
                null, null, null, T0.plusSeconds(5), T0.plusSeconds(5), null);
        history.createRun(run("orders", RunStatus.RUNNING, T0));
        history.createRun(direct);

        assertThat(admin.list(null, null, null)).isInstanceOfSatisfying(RunListing.RunPage.class,
                page -> assertThat(page.runs()).first().isEqualTo(direct));
        assertThat(admin.list(null, "running", null)).isInstanceOfSatisfying(RunListing.RunPage.class,
                page -> assertThat(page.runs()).hasSize(2));
        assertThat(admin.list("orders", null, null)).isInstanceOfSatisfying(RunListing.RunPage.class,
                page -> assertThat(page.runs()).doesNotContain(direct).hasSize(1));
    }

    @Test
    void statusIsMatchedWhateverItsCase_andAnUnknownOneIsAnInvalidQuery() {
        history.createRun(run("orders", RunStatus.FAILED, T0));
        history.createRun(run("orders", RunStatus.SUCCEEDED, T0.plusSeconds(1)));

        assertThat(admin.list(" orders ".trim(), "Failed", null)).isInstanceOfSatisfying(RunListing.RunPage.class,
                page -> assertThat(page.runs()).extracting(Run::status).containsExactly(RunStatus.FAILED));
        assertThat(admin.list(null, "done", null)).isInstanceOf(RunListing.InvalidQuery.class);
    }
}
