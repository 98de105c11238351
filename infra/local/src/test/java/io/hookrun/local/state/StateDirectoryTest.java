package io.hookrun.local.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code .hookrun/}: where each stand-in keeps its data, what {@code --fresh} deletes, and the keys guarding the data. */
class StateDirectoryTest {

    @Test
    void next_isDotHookrunBesideTheTemplate_withADirectoryPerStandIn(@TempDir Path dir) {
        StateDirectory state = StateDirectory.next(dir.resolve("template.yaml"));

        assertThat(state.root()).isEqualTo(dir.resolve(".hookrun").toAbsolutePath());
        assertThat(state.dataDirectories()).containsExactly(dir.resolve(".hookrun/dynamodb").toAbsolutePath(),
                dir.resolve(".hookrun/sqs").toAbsolutePath(), dir.resolve(".hookrun/postgres").toAbsolutePath());
        assertThat(state.lockFile()).hasFileName("local.lock");
        assertThat(state.stackFile()).hasFileName("local.json");
    }

    @Test
    void deleteData_removesTheDataDirectories_andKeepsKeysLockAndConnections(@TempDir Path dir) throws Exception {
        StateDirectory state = new StateDirectory(dir);
        Files.createDirectories(state.postgres().resolve("base/1"));
        Files.writeString(state.postgres().resolve("base/1/table"), "rows");
        Files.createDirectories(state.sqs());
        Files.writeString(state.sqs().resolve("elasticmq.mv.db"), "queues");
        Path key = Files.writeString(dir.resolve("secrets.key"), "k");
        Path connections = Files.writeString(dir.resolve("connections.json"), "{}");
        Path lock = Files.writeString(state.lockFile(), "1");
        assertThat(state.holdsData()).isTrue();

        assertThat(state.deleteData()).containsExactly(state.sqs(), state.postgres());

        assertThat(state.postgres()).doesNotExist();
        assertThat(state.sqs()).doesNotExist();
        assertThat(key).exists();
        assertThat(connections).exists();
        assertThat(lock).exists();
        assertThat(state.holdsData()).isFalse();
    }

    @Test
    void emptyDataDirectories_holdNoData(@TempDir Path dir) throws Exception {
        StateDirectory state = new StateDirectory(dir);
        Files.createDirectories(state.dynamoDb());

        assertThat(state.holdsData()).isFalse();
    }

    @Test
    void dataWithoutItsSecretsKey_isRefused_namingTheKeyAndTheWayOut(@TempDir Path dir) throws Exception {
        StateDirectory state = new StateDirectory(dir);
        Files.createDirectories(state.dynamoDb());
        Files.writeString(state.dynamoDb().resolve("shared-local-instance.db"), "triggers");
        Path callback = Files.writeString(dir.resolve("callback.key"), "k");

        assertThatThrownBy(() -> state.requireKeysForData(dir.resolve("secrets.key"), callback))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(dir.resolve("secrets.key") + " is missing")
                .hasMessageContaining("--fresh");
    }

    @Test
    void keysMissingWithoutData_areFine_theyAreCreatedThen(@TempDir Path dir) throws Exception {
        StateDirectory state = new StateDirectory(dir);

        state.requireKeysForData(dir.resolve("secrets.key"), dir.resolve("callback.key"));

        Files.createDirectories(state.dynamoDb());
        Files.writeString(state.dynamoDb().resolve("shared-local-instance.db"), "triggers");
        Files.writeString(dir.resolve("secrets.key"), "k");
        Files.writeString(dir.resolve("callback.key"), "k");
        state.requireKeysForData(dir.resolve("secrets.key"), dir.resolve("callback.key"));
    }

    @Test
    void aStaleStackFile_isDeleted(@TempDir Path dir) throws Exception {
        StateDirectory state = new StateDirectory(dir);
        Files.writeString(state.stackFile(), "{\"api\":\"http://127.0.0.1:3000\",\"adminToken\":\"t\",\"pid\":999999999}");

        assertThat(state.deleteStaleStackFile()).isTrue();
        assertThat(state.stackFile()).doesNotExist();
        assertThat(state.deleteStaleStackFile()).isFalse();
    }
}
