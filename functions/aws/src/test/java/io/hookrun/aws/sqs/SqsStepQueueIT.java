package io.hookrun.aws.sqs;

import io.hookrun.core.config.HookrunConfiguration;
import io.hookrun.core.json.JsonText;
import io.hookrun.core.message.StepMessage;
import io.hookrun.core.trace.TraceContext;
import io.hookrun.core.trace.TraceHeader;
import io.hookrun.core.message.CloudEvent;
import io.hookrun.core.message.MessageRefusedException;
import io.hookrun.core.message.PreparedEvent;
import io.hookrun.core.message.StepQueue;
import io.hookrun.testsupport.emulator.AwsDefaults;
import io.hookrun.testsupport.emulator.LocalSqs;
import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link SqsStepQueue} against ElasticMQ: what SQS refuses is escaped, measured, or refused as the message's fault. */
class SqsStepQueueIT {

    private static LocalSqs server;
    private static SqsClient sqs;
    private static final JsonText JSON = new JsonText(ObjectMapper.getDefault());

    private String queueUrl;
    private SqsStepQueue queue;

    @BeforeAll
    static void start() {
        server = LocalSqs.start();
        sqs = SqsClient.builder().endpointOverride(server.endpoint()).region(Region.of(AwsDefaults.REGION))
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    }

    @AfterAll
    static void stop() {
        sqs.close();
        server.close();
    }

    private SqsStepQueue queue() {
        queueUrl = sqs.createQueue(r -> r.queueName("steps-" + UUID.randomUUID())
                .attributes(Map.of(QueueAttributeName.MAXIMUM_MESSAGE_SIZE, Integer.toString(StepQueue.MAX_MESSAGE_BYTES))))
                .queueUrl();
        HookrunConfiguration config = new HookrunConfiguration("t", queueUrl, 983040, Duration.ofHours(1),
                Duration.ofSeconds(30), Duration.ofSeconds(10));
        return new SqsStepQueue(sqs, JSON, config);
    }

    private static CloudEvent event(Object data) {
        return new CloudEvent(CloudEvent.SPEC_VERSION, "msg_1", "/hooks/orders", CloudEvent.WEBHOOK_RECEIVED,
                "2025-06-01T12:00:00Z", "application/json", data, "orders", "order-flow", "run_1");
    }

    private Message receiveOne() {
        List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        assertThat(messages).hasSize(1);
        return messages.getFirst();
    }

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(strings = {"FFFF", "FFFE", "0000", "0001", "001F", "D800", "DBFF", "DC00", "DFFF"})
    void aStringWithACharacterSqsRefuses_isQueued_andParsesBackToTheSameString(String hex) {
        queue = queue();
        String text = "before" + (char) Integer.parseInt(hex, 16) + "after";

        queue.sendEvent(event(Map.of("text", text)));

        Map<?, ?> received = (Map<?, ?>) JSON.parse(receiveOne().body());
        assertThat(((Map<?, ?>) received.get("data")).get("text")).isEqualTo(text);
    }

    @Test
    void aLoneSurrogateAtTheEndOfAString_andAPairAfterIt_roundTrip() {
        queue = queue();
        String text = "pair \uD83D\uDE00 high \uD83D" + " low \uDE00 reversed \uDE00\uD83D end\uD83D";

        queue.sendEvent(event(List.of(text, Map.of("k\uFFFF", "v"))));

        Object data = ((Map<?, ?>) JSON.parse(receiveOne().body())).get("data");
        assertThat(data).isEqualTo(List.of(text, Map.of("k\uFFFF", "v")));
    }

    @Test
    void everyMessageSent_carriesTheCurrentTraceAsItsAwsTraceHeader_andNoneWithoutATrace() {
        queue = queue();
        String header = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
        TraceContext.set(TraceHeader.parse(header).orElseThrow());
        try {
            queue.sendEvent(event("x"));
            assertThat(receiveOne().attributes()).containsEntry(MessageSystemAttributeName.AWS_TRACE_HEADER, header);
            queue.sendStep(new StepMessage("run_1", 1, "Next"));
            assertThat(receiveOne().attributes()).containsEntry(MessageSystemAttributeName.AWS_TRACE_HEADER, header);
        } finally {
            TraceContext.clear();
        }

        queue.sendStep(new StepMessage("run_1", 2, "Last"));

        assertThat(receiveOne().attributes()).doesNotContainKey(MessageSystemAttributeName.AWS_TRACE_HEADER);
    }

    @Test
    void anEventMessage_carriesItsTriggerIdAsMessageGroupId() {
        queue = queue();

        queue.sendEvent(event("x"));

        assertThat(receiveOne().attributes()).containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, "orders");
    }

    @Test
    void theMeasuredSize_isWhatTheQueueTakes_upToItsLargestMessage() {
        queue = queue();
        PreparedEvent empty = queue.prepareEvent(event(""));
        int room = StepQueue.MAX_MESSAGE_BYTES - empty.messageBytes();

        PreparedEvent exact = queue.prepareEvent(event("a".repeat(room)));
        PreparedEvent over = queue.prepareEvent(event("a".repeat(room + 1)));
        // SQS counts attributes toward the size and ElasticMQ only the body: over by more than the attributes for both.
        PreparedEvent farOver = queue.prepareEvent(event("a".repeat(room + 1024)));

        assertThat(exact.messageBytes()).isEqualTo(StepQueue.MAX_MESSAGE_BYTES);
        assertThat(exact.fits()).isTrue();
        assertThat(over.fits()).isFalse();
        queue.sendEvent(exact);
        assertThat(receiveOne().body()).isEqualTo(exact.body());
        assertThatThrownBy(() -> queue.sendEvent(farOver)).isInstanceOfSatisfying(MessageRefusedException.class,
                e -> assertThat(e.reason()).isEqualTo(MessageRefusedException.Reason.TOO_LARGE));
    }

    /**
     * Proves the stand-in checks the characters SQS checks, so the round trips above prove the escaping. (A raw U+FFFF
     * cannot be used here: ElasticMQ's JSON parser takes it for the end of its input and answers a malformed request.)
     */
    @Test
    void aBodyWithACharacterSqsRefuses_isRefusedAsTheMessagesFault_notAsAnOutage() {
        queue = queue();

        assertThatThrownBy(() -> queue.resend("{\"text\":\"\u0001\"}", Map.of(), 0))
                .isInstanceOfSatisfying(MessageRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(MessageRefusedException.Reason.INVALID_CONTENTS));
    }

    @Test
    void escapes_countInTheMeasuredSize() {
        queue = queue();

        PreparedEvent plain = queue.prepareEvent(event("a"));
        PreparedEvent escaped = queue.prepareEvent(event("\uFFFF"));

        assertThat(escaped.messageBytes() - plain.messageBytes()).isEqualTo("\\uFFFF".length() - 1);
    }
}
