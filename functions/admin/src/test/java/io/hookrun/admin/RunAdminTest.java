package io.hookrun.admin;

import io.hookrun.core.page.Page;
import io.hookrun.core.run.InMemoryRunHistory;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunStatus;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.hookrun.admin.AdminHandlerTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/** RunAdmin's outcomes, with the in-memory run history. */
class RunAdminTest {

    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private final InMemoryRunHistory history = new InMemoryRunHistory();
    private final RunAdmin admin = new RunAdmin(history, new RunPageToken(JsonMapper.createDefault()));

    @Test
    void listWithoutParameters_isAPageOfTheNewest20_withATokenForTheRest() {
        List<Run> runs = IntStream.range(0, 21).mapToObj(i -> run("orders", RunStatus.QUEUED, T0.plusSeconds(i))).toList();
        runs.forEach(history::createRun);

        Page<Run> page = page(Map.of());

        assertThat(page.items()).hasSize(ListParameters.DEFAULT_LIMIT);
        assertThat(page.items().getFirst()).isEqualTo(runs.getLast());
        assertThat(page.items()).doesNotContain(runs.getFirst());
        assertThat(page.nextToken()).isNotBlank();
        assertThat(page(Map.of("nextToken", page.nextToken())).items()).containsExactly(runs.getFirst());
    }

    @Test
    void theLastPage_hasNoToken() {
        history.createRun(run("orders", RunStatus.QUEUED, T0));

        assertThat(page(Map.of()).nextToken()).isNull();
    }

    @Test
    void everyPageFollowedByItsToken_givesEveryMatchingRunOnce_newestFirst() {
        List<Run> failed = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            Run run = run(i % 2 == 0 ? "orders" : "invoices", i % 3 == 0 ? RunStatus.FAILED : RunStatus.SUCCEEDED,
                    T0.plusSeconds(i / 4));
            history.createRun(run);
            if (run.triggerId().equals("orders") && run.status() == RunStatus.FAILED) {
                failed.add(run);
            }
        }
        Map<String, String> query = Map.of("triggerId", "orders", "status", "failed", "limit", "2",
                "from", T0.toString(), "to", T0.plusSeconds(3600).toString());

        List<Run> walked = new ArrayList<>();
        Page<Run> page = page(query);
        walked.addAll(page.items());
        while (page.nextToken() != null) {
            Map<String, String> next = new HashMap<>(query);
            next.put("nextToken", page.nextToken());
            page = page(next);
            walked.addAll(page.items());
        }

        assertThat(walked).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(failed);
        assertThat(walked).extracting(Run::createdAt).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void limitAtTheBounds_isAccepted_andBeyondThemIsAnInvalidQuery() {
        assertThat(admin.list(Map.of("limit", "1"))).isInstanceOf(Listing.Found.class);
        assertThat(admin.list(Map.of("limit", "100"))).isInstanceOf(Listing.Found.class);
        assertThat(admin.list(Map.of("limit", "0")))
                .isEqualTo(new Listing.InvalidQuery<Run>("limit must be a number from 1 to 100"));
        assertThat(admin.list(Map.of("limit", "101")))
                .isEqualTo(new Listing.InvalidQuery<Run>("limit must be a number from 1 to 100"));
    }

    @Test
    void runsWithoutATrigger_areListedUnfiltered_andByStatus_andWorkflow_butNeverUnderATrigger() {
        Run direct = new Run(UUID.randomUUID(), null, "nightly-flow", "nightly-1", RunStatus.RUNNING, "{}", null,
                null, null, null, T0.plusSeconds(5), T0.plusSeconds(5), null);
        history.createRun(run("orders", RunStatus.RUNNING, T0));
        history.createRun(direct);

        assertThat(page(Map.of()).items()).first().isEqualTo(direct);
        assertThat(page(Map.of("status", "running")).items()).hasSize(2);
        assertThat(page(Map.of("workflowId", "nightly-flow")).items()).containsExactly(direct);
        assertThat(page(Map.of("triggerId", "orders")).items()).doesNotContain(direct).hasSize(1);
    }

    @Test
    void fromIsInclusive_toExclusive_andAnOffsetIsAnInstant() {
        Run atFrom = run("orders", RunStatus.QUEUED, T0);
        Run atTo = run("orders", RunStatus.QUEUED, T0.plusSeconds(60));
        history.createRun(atFrom);
        history.createRun(atTo);

        assertThat(page(Map.of("from", "2026-11-01T00:00:00Z", "to", "2026-11-01T00:01:00Z")).items())
                .containsExactly(atFrom);
        assertThat(page(Map.of("from", "2026-11-01T02:00:00+02:00", "to", "2026-11-01T02:01:00 02:00")).items())
                .as("+02:00, also with its '+' decoded as a space").containsExactly(atFrom);
    }

    @Test
    void statusIsMatchedWhateverItsCase_andAnUnknownOneIsAnInvalidQuery() {
        history.createRun(run("orders", RunStatus.FAILED, T0));
        history.createRun(run("orders", RunStatus.SUCCEEDED, T0.plusSeconds(1)));

        assertThat(page(Map.of("triggerId", "orders", "status", "Failed")).items()).extracting(Run::status)
                .containsExactly(RunStatus.FAILED);
        assertThat(admin.list(Map.of("status", "done"))).isInstanceOf(Listing.InvalidQuery.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "from|yesterday|from must be an ISO-8601 instant",
            "to|2026-11-01|to must be an ISO-8601 instant",
            "from|2026-11-01T00:00:00|from must be an ISO-8601 instant",
            "triggerId|a/b|triggerId: trigger id must be",
            "workflowId|../x|workflowId: workflow id must be",
            "nextToken|not-a-token|nextToken is not one this list gave",
            "nextToken|e30|nextToken is not one this list gave",
            "nextToken|!!!|nextToken is not one this list gave"})
    void aParameterItCannotUse_isAnInvalidQueryNamingIt(String parameter, String value, String problem) {
        assertThat(admin.list(Map.of(parameter, value))).isInstanceOfSatisfying(Listing.InvalidQuery.class,
                invalid -> assertThat(invalid.problem()).startsWith(problem));
    }

    @Test
    void fromAtOrAfterTo_isAnInvalidQuery() {
        assertThat(admin.list(Map.of("from", T0.toString(), "to", T0.toString())))
                .isEqualTo(new Listing.InvalidQuery<Run>("from must be before to (from is inclusive, to exclusive)"));
    }

    @Test
    void aTokenUsedWithOtherFilters_isAnInvalidQuery_andNeverQuotedBack() {
        IntStream.range(0, 3).forEach(i -> history.createRun(run("orders", RunStatus.FAILED, T0.plusSeconds(i))));
        String token = page(Map.of("triggerId", "orders", "limit", "1")).nextToken();

        for (Map<String, String> other : List.of(Map.of("nextToken", token, "limit", "1"),
                Map.of("nextToken", token, "triggerId", "invoices"),
                Map.of("nextToken", token, "triggerId", "orders", "status", "FAILED"),
                Map.of("nextToken", token, "triggerId", "orders", "from", T0.toString()),
                Map.of("nextToken", token, "triggerId", "orders", "workflowId", "order-flow"),
                Map.of("nextToken", token, "triggerId", "orders", "to", T0.plusSeconds(60).toString()))) {
            assertThat(admin.list(other)).as(other.toString()).isInstanceOfSatisfying(Listing.InvalidQuery.class,
                    invalid -> assertThat(invalid.problem()).doesNotContain(token));
        }
        assertThat(admin.list(Map.of("nextToken", token, "triggerId", "orders", "limit", "2")))
                .as("the limit may change between pages").isInstanceOf(Listing.Found.class);
    }

    @Test
    void aTokenIsBase64urlOfVersionedJson_andATamperedVersionIsRefused() {
        IntStream.range(0, 2).forEach(i -> history.createRun(run("orders", RunStatus.FAILED, T0.plusSeconds(i))));
        String token = page(Map.of("limit", "1")).nextToken();
        String json = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);

        assertThat(token).matches("[A-Za-z0-9_-]+");
        assertThat(json).startsWith("{\"v\":1,").contains("\"c\":\"" + T0.plusSeconds(1) + "\"");
        String version2 = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(json.replace("\"v\":1", "\"v\":2").getBytes(StandardCharsets.UTF_8));
        assertThat(admin.list(Map.of("limit", "1", "nextToken", version2))).isInstanceOf(Listing.InvalidQuery.class);
    }

    @SuppressWarnings("unchecked")
    private Page<Run> page(Map<String, String> query) {
        Listing<Run> listing = admin.list(query);
        assertThat(listing).isInstanceOf(Listing.Found.class);
        return ((Listing.Found<Run>) listing).page();
    }
}
