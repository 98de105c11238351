package io.hookrun.aws.dynamodb;

import io.hookrun.core.page.InvalidPageTokenException;
import io.hookrun.core.page.Page;
import io.hookrun.core.secrets.SecretCipher;
import io.hookrun.core.secrets.TestCiphers;
import io.hookrun.core.trigger.Trigger;
import io.hookrun.core.trigger.TriggerSecret;
import io.hookrun.core.trigger.TriggerStore;
import io.hookrun.testsupport.emulator.DynamoDbLocalExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Listing triggers through the catalog index of DynamoDB Local. A class of its own: a listed trigger is opened as
 * {@code find} opens it, so every trigger in this table is sealed under the one key of this class (the store IT
 * seals each test's under its own key, and plants tampered items on purpose).
 */
class DynamoDbTriggerListIT {

    @RegisterExtension
    static final DynamoDbLocalExtension DYNAMO = new DynamoDbLocalExtension();

    private static final SecretCipher CIPHER = TestCiphers.local();
    private static final Instant CREATED = Instant.parse("2025-06-01T12:00:00Z");
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private final TriggerStore store = new DynamoDbTriggerStore(DYNAMO.client(), DynamoDbLocalExtension.configuration(),
            CIPHER);

    @Test
    void list_pagesThroughEveryTriggerById_withARealToken_andTheLastPageHasNoToken() {
        String prefix = "trg_list_" + UUID.randomUUID() + "_";
        List<String> ids = List.of(prefix + "a", prefix + "b", prefix + "c", prefix + "d", prefix + "e");
        ids.forEach(t -> store.save(t, "wf_orders", "standard-webhooks", List.of(SECRET), CREATED));
        store.setEnabled(prefix + "c", false, CREATED.plusSeconds(1));

        List<Trigger> listed = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String token = null;
        do {
            Page<Trigger> page = store.list(token, 2);
            listed.addAll(page.items());
            sizes.add(page.items().size());
            token = page.nextToken();
        } while (token != null);

        assertThat(sizes).hasSizeGreaterThan(1).allSatisfy(n -> assertThat(n).isBetween(1, 2));
        assertThat(listed).extracting(Trigger::id).isSorted().doesNotHaveDuplicates().containsAll(ids);
        assertThat(listed).filteredOn(t -> t.id().equals(prefix + "c")).singleElement()
                .satisfies(t -> assertThat(t.enabled()).isFalse());
        assertThat(listed).filteredOn(t -> t.id().equals(prefix + "a")).singleElement()
                .satisfies(t -> assertThat(t.secrets()).extracting(TriggerSecret::value).containsExactly(SECRET));
    }

    @Test
    void list_tokenGarbledOrMadeForWorkflows_isInvalidPageToken_withoutEchoingIt() {
        String prefix = "trg_tok_" + UUID.randomUUID() + "_";
        store.save(prefix + "a", "wf_orders", "none", List.of(), CREATED);
        store.save(prefix + "b", "wf_orders", "none", List.of(), CREATED);
        String real = store.list(null, 1).nextToken();
        assertThat(real).isNotNull();
        new DynamoDbWorkflowStore(DYNAMO.client(), DynamoDbLocalExtension.configuration())
                .save("wf_" + UUID.randomUUID(), "{}", CREATED);
        new DynamoDbWorkflowStore(DYNAMO.client(), DynamoDbLocalExtension.configuration())
                .save("wf_" + UUID.randomUUID(), "{}", CREATED);
        String workflowsToken = new DynamoDbWorkflowStore(DYNAMO.client(), DynamoDbLocalExtension.configuration())
                .list(null, 1).nextToken();

        for (String token : List.of(real.replace('e', 'Q') + "!", real.substring(2), workflowsToken, "")) {
            assertThatThrownBy(() -> store.list(token, 2)).as(token).isInstanceOf(InvalidPageTokenException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token.isEmpty() ? "\u0000" : token));
        }
        assertThat(store.list(real, 2).items()).isNotEmpty();
    }
}
