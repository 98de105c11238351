package io.hookrun.aws.dynamodb;

import io.hookrun.core.page.InvalidPageTokenException;
import io.hookrun.core.page.Page;
import io.hookrun.core.workflow.StoredWorkflow;
import io.hookrun.core.workflow.WorkflowConflictException;
import io.hookrun.core.workflow.WorkflowVersion;
import io.hookrun.core.workflow.WorkflowStore;
import io.hookrun.testsupport.emulator.DynamoDbLocalExtension;
import io.hookrun.core.trigger.TriggerStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DynamoDbWorkflowStoreIT {

    @RegisterExtension
    static final DynamoDbLocalExtension DYNAMO = new DynamoDbLocalExtension();

    private static final Instant CREATED = Instant.parse("2025-06-01T12:00:00.123Z");
    private static final Instant UPDATED = Instant.parse("2025-06-03T00:00:00Z");
    private static final String DEFINITION = """
            {"QueryLanguage": "JSONata", "StartAt": "Done",
             "States": {"Done": {"Type": "Pass", "Output": "{% $states.input %}", "End": true}}}""";

    private final WorkflowStore store = new DynamoDbWorkflowStore(DYNAMO.client(), DynamoDbLocalExtension.configuration());
    private final String id = "wf_" + UUID.randomUUID();

    @Test
    void save_thenFind_roundTripsTheDefinitionByteForByte() {
        StoredWorkflow saved = store.save(id, DEFINITION, CREATED);

        StoredWorkflow found = store.find(id).orElseThrow();

        assertThat(found).isEqualTo(new StoredWorkflow(id, DEFINITION, CREATED, CREATED));
        assertThat(saved).isEqualTo(found);
    }

    @Test
    void save_existingWorkflow_keepsCreatedAtAndReplacesTheDefinition() {
        store.save(id, DEFINITION, CREATED);
        String changed = DEFINITION.replace("\"Done\"", "\"Finished\"");

        StoredWorkflow updated = store.save(id, changed, UPDATED);

        assertThat(updated).isEqualTo(new StoredWorkflow(id, changed, CREATED, UPDATED, 2, null));
        assertThat(store.find(id)).contains(new StoredWorkflow(id, changed, CREATED, UPDATED, 2, null));
    }

    @Test
    void find_unknownId_isEmpty() {
        assertThat(store.find("wf_never_saved_" + UUID.randomUUID())).isEmpty();
    }

    @Test
    void workflowAndTriggerWithTheSameId_doNotOverwriteEachOther() {
        TriggerStore triggers = new DynamoDbTriggerStore(DYNAMO.client(), DynamoDbLocalExtension.configuration(),
                io.hookrun.core.secrets.TestCiphers.local());
        store.save(id, DEFINITION, CREATED);
        triggers.save(id, id, "standard-webhooks", List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), UPDATED);

        assertThat(store.find(id)).contains(new StoredWorkflow(id, DEFINITION, CREATED, CREATED));
        assertThat(triggers.find(id)).hasValueSatisfying(t -> assertThat(t.createdAt()).isEqualTo(UPDATED));
    }

    @Test
    void save_threeTimes_makesVersionsOneToThree_eachReadableWithItsDefinition() {
        store.save(id, DEFINITION, CREATED);
        store.save(id, DEFINITION.replace("Done", "Two"), UPDATED);
        StoredWorkflow third = store.save(id, DEFINITION.replace("Done", "Three"), UPDATED.plusSeconds(60));

        assertThat(third.version()).isEqualTo(3);
        assertThat(store.find(id).orElseThrow().version()).isEqualTo(3);
        assertThat(store.findVersion(id, 1)).contains(new StoredWorkflow(id, DEFINITION, CREATED, CREATED, 1, null));
        assertThat(store.findVersion(id, 2).orElseThrow().definition()).contains("\"Two\"");
        assertThat(store.findVersion(id, 2).orElseThrow().updatedAt()).isEqualTo(UPDATED);
        assertThat(store.findVersion(id, 2).orElseThrow().createdAt()).isEqualTo(CREATED);
        assertThat(store.findVersion(id, 4)).isEmpty();
        assertThat(store.findVersion(id, 0)).isEmpty();
    }

    @Test
    void versions_listsNewestFirst_acrossPages_withARealToken() {
        for (int i = 0; i < 5; i++) {
            store.save(id, DEFINITION, CREATED.plusSeconds(i));
        }

        List<Integer> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String token = null;
        do {
            Page<WorkflowVersion> page = store.versions(id, token, 2);
            page.items().forEach(v -> seen.add(v.version()));
            pageSizes.add(page.items().size());
            token = page.nextToken();
        } while (token != null);

        assertThat(seen).containsExactly(5, 4, 3, 2, 1);
        assertThat(pageSizes).containsExactly(2, 2, 1);
        assertThat(store.versions(id, null, 10).items().getFirst())
                .isEqualTo(new WorkflowVersion(id, 5, CREATED.plusSeconds(4)));
    }

    @Test
    void list_pagesThroughEveryWorkflowById_andTheLastPageHasNoToken() {
        String prefix = "wf_list_" + UUID.randomUUID() + "_";
        List<String> ids = List.of(prefix + "a", prefix + "b", prefix + "c", prefix + "d");
        ids.forEach(w -> store.save(w, DEFINITION, CREATED));

        List<String> listed = new ArrayList<>();
        int pages = 0;
        String token = null;
        do {
            Page<StoredWorkflow> page = store.list(token, 3);
            page.items().forEach(w -> listed.add(w.id()));
            token = page.nextToken();
            pages++;
        } while (token != null);

        assertThat(pages).isGreaterThan(1);
        assertThat(listed).isSorted().doesNotHaveDuplicates().containsAll(ids);
    }

    @Test
    void list_garbledOrForeignToken_isInvalidPageToken_withoutEchoingIt() {
        store.save(id, DEFINITION, CREATED);
        store.save(id, DEFINITION, UPDATED);
        store.save(id + "x", DEFINITION, CREATED);
        String versionsToken = nextToken(store.versions(id, null, 1));
        String listToken = store.list(null, 1).nextToken();
        assertThat(listToken).isNotNull();
        String forgedPk = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"v\":1,\"kind\":\"workflow\",\"sk\":\"a\",\"pk\":\"trigger#a\"}".getBytes(StandardCharsets.UTF_8));
        String otherVersion = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"v\":2,\"kind\":\"workflow\",\"sk\":\"a\",\"pk\":\"workflow#a\"}".getBytes(StandardCharsets.UTF_8));

        for (String token : List.of("not a token!", "e30", listToken.substring(0, listToken.length() - 3), forgedPk,
                otherVersion, versionsToken, "x".repeat(5000))) {
            assertThatThrownBy(() -> store.list(token, 10)).as(token)
                    .isInstanceOf(InvalidPageTokenException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token));
        }
        assertThatThrownBy(() -> store.versions(id + "x", versionsToken, 10))
                .as("a token of another workflow's versions").isInstanceOf(InvalidPageTokenException.class);
        assertThat(store.versions(id, versionsToken, 10).items()).isNotEmpty();
    }

    /**
     * Two savers, as two people saving at once, and eight, where most rounds have losers that lose their retry too
     * (measured: 86 conflicts for 74 saves over 20 rounds); either way no version is made twice or lost.
     */
    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {2, 8})
    void concurrentSaves_neverLoseAVersion_eachSucceedsWithItsOwnVersionOrConflicts(int threads) throws Exception {
        store.save(id, DEFINITION, CREATED);
        int rounds = 10;
        List<Integer> made = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger conflicts = new java.util.concurrent.atomic.AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int round = 0; round < rounds; round++) {
                CyclicBarrier start = new CyclicBarrier(threads);
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String definition = DEFINITION.replace("Done", "T" + t + "R" + round);
                    futures.add(pool.submit(() -> {
                        start.await(30, TimeUnit.SECONDS);
                        try {
                            made.add(store.save(id, definition, UPDATED).version());
                        } catch (WorkflowConflictException e) {
                            conflicts.incrementAndGet();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get(60, TimeUnit.SECONDS);
                }
            }
        }

        int current = store.find(id).orElseThrow().version();
        assertThat(made).doesNotHaveDuplicates().hasSize(threads * rounds - conflicts.get());
        assertThat(current).isEqualTo(1 + made.size());
        for (int v = 1; v <= current; v++) {
            assertThat(store.findVersion(id, v)).as("version %d", v).isPresent();
        }
        assertThat(store.findVersion(id, current).orElseThrow().definition())
                .isEqualTo(store.find(id).orElseThrow().definition());
    }

    @Test
    void retire_keepsTheFirstTime_andASaveBringsTheWorkflowBackAsANewVersion() {
        store.save(id, DEFINITION, CREATED);

        StoredWorkflow retired = store.retire(id, UPDATED).orElseThrow();
        StoredWorkflow again = store.retire(id, UPDATED.plusSeconds(3600)).orElseThrow();

        assertThat(retired.retiredAt()).isEqualTo(UPDATED);
        assertThat(again.retiredAt()).isEqualTo(UPDATED);
        assertThat(store.find(id).orElseThrow().retired()).isTrue();
        assertThat(store.findVersion(id, 1)).isPresent();

        StoredWorkflow back = store.save(id, DEFINITION, UPDATED.plusSeconds(7200));

        assertThat(back.version()).isEqualTo(2);
        assertThat(back.retired()).isFalse();
        assertThat(store.find(id).orElseThrow().retiredAt()).isNull();
    }

    @Test
    void retire_unknownWorkflow_isEmpty_andCreatesNothing() {
        assertThat(store.retire(id, UPDATED)).isEmpty();
        assertThat(store.find(id)).isEmpty();
    }

    @Test
    void aHeadWrittenBeforeVersions_isVersionOne_andItsNextSaveKeepsItAsVersionOne() {
        DYNAMO.client().putItem(r -> r.tableName(DynamoDbLocalExtension.TABLE).item(Map.of(
                "pk", AttributeValue.fromS("workflow#" + id),
                "definition", AttributeValue.fromS(DEFINITION),
                "createdAt", AttributeValue.fromS(CREATED.toString()),
                "updatedAt", AttributeValue.fromS(CREATED.toString()))));

        assertThat(store.find(id)).contains(new StoredWorkflow(id, DEFINITION, CREATED, CREATED, 1, null));
        assertThat(store.findVersion(id, 1)).contains(new StoredWorkflow(id, DEFINITION, CREATED, CREATED, 1, null));

        StoredWorkflow saved = store.save(id, DEFINITION.replace("Done", "Next"), UPDATED);

        assertThat(saved.version()).isEqualTo(2);
        assertThat(saved.createdAt()).isEqualTo(CREATED);
        assertThat(store.findVersion(id, 1).orElseThrow().definition()).isEqualTo(DEFINITION);
        assertThat(store.versions(id, null, 10).items()).extracting(WorkflowVersion::version).containsExactly(2, 1);
    }

    private static String nextToken(Page<?> page) {
        assertThat(page.nextToken()).isNotNull();
        return page.nextToken();
    }
}
