package io.hookrun.workflowstep;

import com.zaxxer.hikari.HikariDataSource;
import io.hookrun.core.message.CloudEvent;
import io.hookrun.core.message.StepQueue;
import io.hookrun.core.run.RunHistory;
import io.hookrun.core.run.RunQuery;
import io.hookrun.core.run.RunStatus;
import io.hookrun.core.workflow.WorkflowStore;
import io.hookrun.lambda.snapstart.SnapStartPriming;
import io.hookrun.lambda.snapstart.SnapStartPriming.Outcome;
import io.micronaut.context.ApplicationContext;
import io.micronaut.inject.qualifiers.Qualifiers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WorkflowStepFunction's SnapStart hooks on the real handler's context against ElasticMQ, PostgreSQL and DynamoDB
 * Local ({@link StandIns}): the priming runs every step for real and starts no run; after the simulated restore no
 * connection from before the snapshot is handed out again (it is closed on the server), the retry jitter draws a new sequence, and a run still goes
 * from its webhook event to SUCCEEDED.
 */
class WorkflowStepPrimingIT {

    private static final Duration GUARD = Duration.ofSeconds(90);

    private static StandIns standIns;

    @BeforeAll
    static void start() {
        standIns = StandIns.start();
    }

    @AfterAll
    static void stop() {
        if (standIns != null) {
            standIns.close();
        }
    }

    @Test
    void primingAndRestore_leaveNoConnectionNorJitterFromBeforeTheSnapshot_andARunStillSucceeds() throws Exception {
        String queueUrl = standIns.queueWithDlq("steps-priming", 3).queueUrl();
        try (WorkflowStepHandler handler = new WorkflowStepHandler(standIns.functionContext(queueUrl,
                standIns.postgres.jdbcUrl(), Map.of()))) {
            ApplicationContext context = handler.getApplicationContext();
            HikariDataSource pool = context.getBean(DataSource.class).unwrap(HikariDataSource.class);
            int connectionBeforeSnapshot = backendPid(pool);
            Random jitter = (Random) context.getBean(RandomGenerator.class, Qualifiers.byName("retry-jitter"));
            Random jitterAsSnapshotted = copy(jitter);

            List<SnapStartPriming> hooks = SnapStartPriming.simulateSnapshot(context);

            assertThat(hooks).singleElement().isInstanceOf(WorkflowStepPriming.class);
            assertThat(hooks.getFirst().lastPriming()).extracting(Outcome::step).containsExactly("SQS event",
                    "message envelope", "JSONata state", "workflow read", "steps queue client", "run history read",
                    "drop database connections");
            assertThat(hooks.getFirst().lastPriming()).allSatisfy(outcome ->
                    assertThat(outcome.failure()).as(outcome.step()).isNull());
            assertThat(context.getBean(RunHistory.class).listRuns(RunQuery.newest(10)).runs()).as("no run started").isEmpty();
            assertThat(jitter.nextLong()).as("re-seeded").isNotEqualTo(jitterAsSnapshotted.nextLong());

            context.getBean(WorkflowStore.class).save("wf-after-restore", StepFixture.json("{'QueryLanguage': "
                    + "'JSONata', 'StartAt': 'Done', 'States': {'Done': {'Type': 'Pass', 'Output': '{% 42 %}', "
                    + "'End': true}}}"), Instant.now());
            CloudEvent event = new CloudEvent(CloudEvent.SPEC_VERSION, "evt-" + UUID.randomUUID(), "/hooks/trg-it",
                    CloudEvent.WEBHOOK_RECEIVED, Instant.now().toString(), "application/json", Map.of("n", 1),
                    "trg-it", "wf-after-restore", UUID.randomUUID().toString());
            context.getBean(StepQueue.class).sendEvent(event);
            RunHistory history = context.getBean(RunHistory.class);
            UUID runId = UUID.fromString(event.hookrunrunid());
            new LocalEventSource(standIns.sqs, queueUrl, handler).runUntil(() -> history.findRun(runId)
                    .map(run -> run.status() == RunStatus.SUCCEEDED).orElse(false), GUARD);

            assertThat(backendPid(pool)).as("a fresh connection").isNotEqualTo(connectionBeforeSnapshot);
            assertThat(serverHasBackend(pool, connectionBeforeSnapshot)).as("the one from before the snapshot was closed")
                    .isFalse();
        }
    }

    private static int backendPid(HikariDataSource pool) throws Exception {
        try (Connection connection = pool.getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT pg_backend_pid()")) {
            result.next();
            return result.getInt(1);
        }
    }

    private static boolean serverHasBackend(HikariDataSource pool, int pid) throws Exception {
        try (Connection connection = pool.getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid)) {
            result.next();
            return result.getInt(1) > 0;
        }
    }

    /** The generator's state as a snapshot would hold it: what a second environment would resume with. */
    private static Random copy(Random random) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(random);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (Random) in.readObject();
        }
    }
}
