package io.hookrun.asl;

import io.hookrun.asl.outbound.CircuitOpenException;
import io.hookrun.asl.outbound.OutboundRefusedException;
import io.hookrun.core.connection.Connection;
import io.hookrun.core.connection.ConnectionStore;
import io.hookrun.core.connection.ConnectionUnreadableException;
import io.hookrun.core.time.Deadline;
import io.hookrun.core.time.SettableClock;
import io.hookrun.testsupport.FakeDify;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Dify tasks through the interpreter, against {@link FakeDify} answering in-process as Dify's API documents:
 * what is sent, what a run returns, and which error each of Dify's answers becomes for Retry and Catch.
 */
@SuppressWarnings("unchecked")
class DifyTaskTest {

    private static final String WORKFLOW_KEY = "app-WorkflowKey0123456789";
    private static final String CHAT_KEY = "app-ChatKey0123456789";
    private static final String AGENT_KEY = "app-AgentKey0123456789";
    private static final String TENANT_SECRET = "tenant-secret-42";
    private static final Duration MARGIN = Duration.ofSeconds(3);

    private final FakeDify dify = new FakeDify()
            .app(WORKFLOW_KEY, FakeDify.App.WORKFLOW)
            .app(CHAT_KEY, FakeDify.App.CHAT)
            .app(AGENT_KEY, FakeDify.App.AGENT);
    private final FakeDifyInvoker http = new FakeDifyInvoker(dify);
    private final Map<String, Connection> connections = new HashMap<>(Map.of(
            // EventBridge style: the header value is the whole "Bearer ..." text
            "dify-workflow", new Connection.ApiKey("dify-workflow", "Authorization", "Bearer " + WORKFLOW_KEY,
                    new Connection.InvocationParameters(Map.of("X-Tenant", TENANT_SECRET), Map.of(), Map.of(),
                            "https://dify.example.test")),
            // the bare app key, and the base URL as Dify's console shows it (with /v1)
            "dify-chat", new Connection.ApiKey("dify-chat", "x-api-key", CHAT_KEY,
                    new Connection.InvocationParameters(Map.of(), Map.of(), Map.of(), "https://dify.example.test/v1/")),
            "dify-agent", new Connection.ApiKey("dify-agent", "Authorization", AGENT_KEY,
                    Connection.InvocationParameters.NONE),
            "dify-revoked", new Connection.ApiKey("dify-revoked", "Authorization", "Bearer app-RevokedKey",
                    Connection.InvocationParameters.NONE),
            "basic", new Connection.Basic("basic", "user", "password", Connection.InvocationParameters.NONE)));
    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-02T03:04:05Z"));
    private final StateInterpreter interpreter = interpreterWith(http, name -> Optional.ofNullable(connections.get(name)));

    private StateInterpreter interpreterWith(HttpInvoker invoker, ConnectionStore store) {
        return new StateInterpreter(new Tasks(invoker, store, MARGIN, clock), clock, new Random(7),
                StateInterpreter.INLINE_MAP_CONCURRENCY);
    }

    private static StateMachine workflowTask(String arguments, String extraFields) throws InvalidDefinitionException {
        return Definitions.machine("Run", "'Run': {'Type': 'Task', 'Resource': 'arn:hookrun:::dify:runWorkflow', "
                + "'Arguments': " + arguments + ", " + extraFields + " 'End': true}");
    }

    private static StateMachine chatTask(String arguments) throws InvalidDefinitionException {
        return Definitions.machine("Ask", "'Ask': {'Type': 'Task', 'Resource': 'arn:hookrun:::dify:chatMessage', "
                + "'Arguments': " + arguments + ", 'End': true}");
    }

    private static final String RUN = "{'Connection': 'dify-workflow', 'User': 'u-1', 'Inputs': {'text': 'hello'}}";
    private static final String ASK = "{'Connection': 'dify-chat', 'User': 'u-1', 'Query': 'hi'}";

    private MachineRunner.Run run(StateMachine machine, Object input) throws TransientStepException {
        return new MachineRunner(interpreter, clock).run(machine, input);
    }

    private StepOutcome.Failed failureOf(StateMachine machine) throws TransientStepException {
        MachineRunner.Run run = run(machine, Map.of());
        assertThat(run.end().succeeded()).as("the run should fail").isFalse();
        StepOutcome.Failed failed = new StepOutcome.Failed(run.end().error(), run.end().cause());
        assertThat(failed.cause()).doesNotContain(WORKFLOW_KEY, CHAT_KEY, AGENT_KEY, TENANT_SECRET, "app-RevokedKey");
        return failed;
    }

    // ---- what is sent, what comes back

    @Test
    void runWorkflow_postsInputsUserAndFilesInBlockingMode_withTheKeyAsBearer_andReturnsTheRun() throws Exception {
        StateMachine machine = workflowTask("{'Connection': 'dify-workflow', 'User': '{% $states.input.user %}', "
                + "'Inputs': {'text': '{% $states.input.text %}', 'n': 3}, "
                + "'Files': [{'type': 'image', 'transfer_method': 'remote_url', 'url': 'https://img.test/a.png'}]}", "");

        Object output = run(machine, Map.of("user", "customer-7", "text", "hello")).output();

        Map<String, Object> expected = new java.util.LinkedHashMap<>();
        expected.put("WorkflowRunId", FakeDify.workflowRunId(1));
        expected.put("TaskId", "00000001-0000-4000-8000-00000000000a");
        expected.put("Status", "succeeded");
        expected.put("Outputs", Map.of("echo", Map.of("text", "hello", "n", 3)));
        expected.put("Error", null);
        expected.put("ElapsedTime", 1.23);
        expected.put("TotalTokens", 150);
        expected.put("TotalSteps", 3);
        expected.put("CreatedAt", 1705407629);
        expected.put("FinishedAt", 1705407630);
        assertThat(output).isEqualTo(expected);

        FakeDify.Request sent = dify.requests().getFirst();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v1/workflows/run");
        assertThat(http.calls().getFirst().uri().getHost()).isEqualTo("dify.example.test");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + WORKFLOW_KEY);
        assertThat(sent.header("Content-Type")).isEqualTo("application/json");
        assertThat(sent.header("Idempotency-Key")).isEqualTo("run-1::0");
        assertThat(sent.header("Hookrun-Attempt")).isEqualTo("1");
        assertThat(sent.header("X-Tenant")).isEqualTo(TENANT_SECRET);
        assertThat(sent.json()).isEqualTo(Map.of(
                "inputs", Map.of("text", "hello", "n", 3),
                "response_mode", "blocking",
                "user", "customer-7",
                "files", List.of(Map.of("type", "image", "transfer_method", "remote_url", "url", "https://img.test/a.png"))));
    }

    @Test
    void runWorkflow_withoutInputs_sendsTheEmptyObjectDifyRequires() throws Exception {
        run(workflowTask("{'Connection': 'dify-workflow', 'User': 'u-1'}", ""), Map.of()).output();

        assertThat(dify.requests().getFirst().json()).containsEntry("inputs", Map.of()).doesNotContainKey("files");
    }

    @Test
    void runWorkflow_withAWorkflowId_runsThatPublishedVersion() throws Exception {
        run(workflowTask("{'Connection': 'dify-workflow', 'User': 'u-1', 'WorkflowId': 'wf-version-2'}", ""), Map.of())
                .output();

        assertThat(dify.requests().getFirst().path()).isEqualTo("/v1/workflows/wf-version-2/run");
    }

    @Test
    void chatMessage_postsQueryAndConversation_andReturnsTheAnswerWithItsUsage() throws Exception {
        Map<String, Object> first = (Map<String, Object>) run(chatTask(ASK), Map.of()).output();

        assertThat(dify.requests().getFirst().path()).isEqualTo("/v1/chat-messages"); // no second /v1
        assertThat(dify.requests().getFirst().header("Authorization")).isEqualTo("Bearer " + CHAT_KEY);
        assertThat(first).containsEntry("MessageId", "00000001-0000-4000-8000-00000000000b")
                .containsEntry("ConversationId", "00000001-0000-4000-8000-00000000000c")
                .containsEntry("Answer", "You said: hi")
                .containsOnlyKeys("MessageId", "ConversationId", "Answer", "Metadata");
        Map<String, Object> usage = (Map<String, Object>) ((Map<String, Object>) first.get("Metadata")).get("Usage");
        assertThat(usage).containsEntry("total_tokens", 1161).containsEntry("total_price", "0.0012890")
                .containsEntry("latency", 0.7682376249867957);

        run(chatTask("{'Connection': 'dify-chat', 'User': 'u-1', 'Query': 'again', 'ConversationId': '"
                + first.get("ConversationId") + "', 'Inputs': {'lang': 'fr'}}"), Map.of()).output();

        assertThat(dify.requests().get(1).json()).isEqualTo(Map.of("query", "again", "inputs", Map.of("lang", "fr"),
                "response_mode", "blocking", "user", "u-1", "conversation_id", first.get("ConversationId")));
    }

    @Test
    void anEventStreamAnswer_isRead_andGivesTheSameResultAsBlocking() throws Exception {
        dify.enqueue(FakeDify.streamed());
        Object streamed = run(workflowTask(RUN, ""), Map.of()).output();
        Object blocking = run(workflowTask(RUN, ""), Map.of()).output();

        assertThat(((Map<String, Object>) streamed).get("WorkflowRunId")).isEqualTo(FakeDify.workflowRunId(1));
        assertThat(((Map<String, Object>) streamed).get("Outputs")).isEqualTo(((Map<String, Object>) blocking).get("Outputs"));
        assertThat(((Map<String, Object>) streamed).get("TotalTokens")).isEqualTo(150);
    }

    @Test
    void aStreamedChatAnswer_isTheConcatenationOfItsMessageChunks() throws Exception {
        dify.enqueue(FakeDify.streamed());

        Map<String, Object> output = (Map<String, Object>) run(chatTask(ASK), Map.of()).output();

        assertThat(output).containsEntry("Answer", "You said: hi").containsEntry("MessageId", "00000001-0000-4000-8000-00000000000b");
        assertThat(((Map<String, Object>) output.get("Metadata")).get("Usage")).isNotNull();
    }

    @Test
    void anAgentApp_answersOnlyInStreamingMode_whichResponseModeAsksFor() throws Exception {
        StepOutcome.Failed blocking = failureOf(chatTask("{'Connection': 'dify-agent', 'User': 'u-1', 'Query': 'hi'}"));
        assertThat(blocking.error()).isEqualTo("Dify.bad_request");
        assertThat(blocking.cause()).contains("Agent App only supports streaming response mode");

        Map<String, Object> output = (Map<String, Object>) run(chatTask(
                "{'Connection': 'dify-agent', 'User': 'u-1', 'Query': 'hi', 'ResponseMode': 'streaming'}"), Map.of()).output();

        assertThat(output).containsEntry("Answer", "You said: hi");
        assertThat(dify.requests().get(1).json()).containsEntry("response_mode", "streaming");
    }

    // ---- errors

    @Test
    void a429_isDifyRateLimited_retriedAsDeclared_withOneIdempotencyKeyAndTheAttemptNumber() throws Exception {
        dify.enqueue(FakeDify.rateLimited("7"));
        StateMachine machine = workflowTask(RUN,
                "'Retry': [{'ErrorEquals': ['Dify.RateLimited'], 'IntervalSeconds': 1, 'MaxAttempts': 2}],");

        MachineRunner.Run run = run(machine, Map.of());

        assertThat(((Map<String, Object>) run.output()).get("WorkflowRunId")).isEqualTo(FakeDify.workflowRunId(2));
        assertThat(run.retryDelays()).containsExactly(Duration.ofSeconds(1));
        assertThat(dify.requests()).extracting(r -> r.header("Idempotency-Key")).containsExactly("run-1::0", "run-1::0");
        assertThat(dify.requests()).extracting(r -> r.header("Hookrun-Attempt")).containsExactly("1", "2");
    }

    @Test
    void a429ThatLasts_failsAfterOnePlusMaxAttemptsCalls_withRetryAfterInTheCause() throws Exception {
        dify.enqueue(FakeDify.rateLimited("7"), FakeDify.rateLimited("7"), FakeDify.rateLimited("7"), FakeDify.rateLimited("7"));
        StateMachine machine = workflowTask(RUN,
                "'Retry': [{'ErrorEquals': ['Dify.RateLimited'], 'IntervalSeconds': 1, 'MaxAttempts': 2}],");

        StepOutcome.Failed failed = failureOf(machine);

        assertThat(failed.error()).isEqualTo("Dify.RateLimited");
        assertThat(failed.cause()).contains("429 too_many_requests", "Retry-After: 7", "States.Run", "/v1/workflows/run");
        assertThat(dify.requests()).hasSize(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"invalid_param", "app_unavailable", "provider_not_initialize", "provider_quota_exceeded",
            "model_currently_not_support", "completion_request_error", "workflow_request_error", "not_workflow_app"})
    void a400WithACode_isDifyDotThatCode(String code) throws Exception {
        dify.enqueue(FakeDify.error(400, code, "what Dify says about " + code));

        StepOutcome.Failed failed = failureOf(workflowTask(RUN, ""));

        assertThat(failed.error()).isEqualTo("Dify." + code);
        assertThat(failed.cause()).contains("400 " + code + ": what Dify says about " + code);
    }

    @Test
    void aQuotaThatRanOut_isAlsoDifyRateLimited_withItsCodeInTheCause_andA403IsItsCode() throws Exception {
        dify.enqueue(FakeDify.error(429, "rate_limit_error", "Rate Limit Error"),
                FakeDify.error(403, "workflow_version_execution_not_allowed", "Upgrade to a paid plan."));

        StepOutcome.Failed quota = failureOf(workflowTask(RUN, ""));
        StepOutcome.Failed forbidden = failureOf(workflowTask(RUN, ""));

        assertThat(quota.error()).isEqualTo("Dify.RateLimited");
        assertThat(quota.cause()).contains("429 rate_limit_error: Rate Limit Error").doesNotContain("Retry-After");
        assertThat(forbidden.error()).isEqualTo("Dify.workflow_version_execution_not_allowed");
        assertThat(forbidden.cause()).contains("connection 'dify-workflow'");
    }

    /** An interpreter whose every Dify call is answered with this event stream. */
    private StateInterpreter streaming(String events) {
        return interpreterWith(call -> new HttpInvoker.HttpResult(200,
                Map.of("content-type", List.of("text/event-stream; charset=utf-8")), events.getBytes()),
                name -> Optional.ofNullable(connections.get(name)));
    }

    @Test
    void aNewAgentsClosingMessage_isTheAnswer_notAppendedToItsAgentMessageChunks() throws Exception {
        StateInterpreter newAgent = streaming("""
                data: {"event": "agent_message", "message_id": "m", "conversation_id": "c", "answer": "Hel"}

                data: {"event": "agent_message", "message_id": "m", "conversation_id": "c", "answer": "lo"}

                data: {"event": "message", "message_id": "m", "conversation_id": "c", "answer": "Hello"}

                data: {"event": "message_end", "message_id": "m", "conversation_id": "c", "metadata": {"usage": {"total_tokens": 9}}}

                """);

        Object output = new MachineRunner(newAgent, clock).run(chatTask(ASK), Map.of()).output();

        assertThat(output).isEqualTo(Map.of("MessageId", "m", "ConversationId", "c", "Answer", "Hello",
                "Metadata", Map.of("Usage", Map.of("total_tokens", 9))));
    }

    @Test
    void aMessageReplace_replacesTheAnswerSoFar() throws Exception {
        StateInterpreter moderated = streaming("""
                data: {"event": "message", "message_id": "m", "conversation_id": "c", "answer": "bad words"}

                data: {"event": "message_replace", "message_id": "m", "conversation_id": "c", "answer": "[moderated]"}

                data: {"event": "message_end", "message_id": "m", "conversation_id": "c", "metadata": {}}

                """);

        Map<String, Object> output = (Map<String, Object>) new MachineRunner(moderated, clock).run(chatTask(ASK), Map.of()).output();

        assertThat(output).containsEntry("Answer", "[moderated]");
    }

    @Test
    void aChatflowThatFailsMidStream_isDifyWorkflowFailed_withTheRunsError() throws Exception {
        StateInterpreter chatflow = streaming("""
                data: {"event": "workflow_started", "workflow_run_id": "r", "data": {"id": "r"}}

                data: {"event": "workflow_finished", "workflow_run_id": "r", "data": {"id": "r", "status": "failed", "error": "LLM node failed"}}

                data: {"event": "error", "message_id": "m", "status": 400, "code": "completion_request_error", "message": "LLM node failed"}

                """);

        MachineRunner.Run run = new MachineRunner(chatflow, clock).run(chatTask(ASK), Map.of());

        assertThat(run.end().error()).isEqualTo("Dify.WorkflowFailed");
        assertThat(run.end().cause()).isEqualTo("LLM node failed");
    }

    @Test
    void theWrongRoute_isDifysOwnCode() throws Exception {
        StepOutcome.Failed failed = failureOf(chatTask("{'Connection': 'dify-workflow', 'User': 'u-1', 'Query': 'hi'}"));

        assertThat(failed.error()).isEqualTo("Dify.not_chat_app");
    }

    @Test
    void a4xxWithoutACode_isDifyBadRequest() throws Exception {
        dify.enqueue(FakeDify.raw(413, "text/html", "<html>Request Entity Too Large</html>"));

        assertThat(failureOf(workflowTask(RUN, "")).error()).isEqualTo("Dify.BadRequest");
    }

    @Test
    void a401_isDifyUnauthorized_namingTheConnection_neverTheKey() throws Exception {
        StepOutcome.Failed failed = failureOf(workflowTask("{'Connection': 'dify-revoked', 'User': 'u-1'}", ""));

        assertThat(failed.error()).isEqualTo("Dify.Unauthorized");
        assertThat(failed.cause()).contains("401 unauthorized", "connection 'dify-revoked'");
    }

    @Test
    void a404_isDifyNotFound() throws Exception {
        StepOutcome.Failed failed = failureOf(chatTask("{'Connection': 'dify-chat', 'User': 'u-1', 'Query': 'hi', "
                + "'ConversationId': 'no-such-conversation'}"));

        assertThat(failed.error()).isEqualTo("Dify.NotFound");
        assertThat(failed.cause()).contains("Conversation Not Exists.");
    }

    @Test
    void fiveHundreds_andAProxysErrorPage_areDifyUnavailable() throws Exception {
        dify.enqueue(FakeDify.error(500, "internal_server_error", "Internal Server Error."),
                FakeDify.raw(503, "text/plain", "upstream connect error"),
                FakeDify.raw(502, "text/html", "<html>Bad gateway</html>"));

        assertThat(failureOf(workflowTask(RUN, "")).error()).isEqualTo("Dify.Unavailable");
        assertThat(failureOf(workflowTask(RUN, "")).error()).isEqualTo("Dify.Unavailable");
        assertThat(failureOf(workflowTask(RUN, "")).error()).isEqualTo("Dify.Unavailable");
    }

    @Test
    void noAnswer_isDifyUnavailable() throws Exception {
        StateInterpreter refused = interpreterWith(call -> {
            throw new ConnectException("Connection refused");
        }, name -> Optional.ofNullable(connections.get(name)));

        MachineRunner.Run run = new MachineRunner(refused, clock).run(workflowTask(RUN, ""), Map.of());

        assertThat(run.end().error()).isEqualTo("Dify.Unavailable");
        assertThat(run.end().cause()).contains("ConnectException", "POST https://dify.example.test/v1/workflows/run");
    }

    @Test
    void aRefusedAddressAndAnOpenBreaker_areHookrunsOwnErrors_notDifyUnavailable() throws Exception {
        ConnectionStore store = name -> Optional.ofNullable(connections.get(name));
        MachineRunner.Run refused = new MachineRunner(interpreterWith(call -> {
            throw new OutboundRefusedException("dify.example.test", "it resolves to 10.0.0.8, a private address");
        }, store), clock).run(workflowTask(RUN, ""), Map.of());
        MachineRunner.Run open = new MachineRunner(interpreterWith(call -> {
            throw new CircuitOpenException("dify.example.test", Instant.parse("2026-01-02T03:05:00Z"));
        }, store), clock).run(workflowTask(RUN, ""), Map.of());

        assertThat(refused.end().error()).isEqualTo("hookrun.OutboundRefused");
        assertThat(refused.end().cause()).contains("was not called");
        assertThat(open.end().error()).isEqualTo("hookrun.CircuitOpen");
    }

    @Test
    void anAnswerCutAtTheSizeCap_isDifyResponseTooLarge() throws Exception {
        StateInterpreter capped = interpreterWith(call -> new HttpInvoker.HttpResult(200,
                Map.of("content-type", List.of("application/json")), "{\"task_id\": \"t\", \"data\": {\"outp".getBytes(), true),
                name -> Optional.ofNullable(connections.get(name)));

        MachineRunner.Run run = new MachineRunner(capped, clock).run(workflowTask(RUN, ""), Map.of());

        assertThat(run.end().error()).isEqualTo("Dify.ResponseTooLarge");
    }

    @Test
    void aMessageEchoingAConnectionHeaderValue_isRedactedInTheCause() throws Exception {
        dify.enqueue(FakeDify.error(400, "invalid_param", "header X-Tenant " + TENANT_SECRET + " is not allowed"));

        StepOutcome.Failed failed = failureOf(workflowTask(RUN, ""));

        assertThat(failed.cause()).contains("header X-Tenant <redacted> is not allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"failed", "stopped"})
    void aRunThatEndedFailedOrStopped_isDifyWorkflowFailed_withDifysError(String status) throws Exception {
        dify.enqueue(FakeDify.runEnds(status, "Node LLM run failed: quota"));

        StepOutcome.Failed failed = failureOf(workflowTask(RUN, ""));

        assertThat(failed.error()).isEqualTo("Dify.WorkflowFailed");
        assertThat(failed.cause()).isEqualTo("Node LLM run failed: quota");
    }

    @Test
    void aStreamedRunThatFailed_isDifyWorkflowFailed_andCanBeCaught() throws Exception {
        dify.enqueue(FakeDify.runEnds("failed", "boom"));
        StateMachine machine = Definitions.machine("Run", "'Run': {'Type': 'Task', "
                + "'Resource': 'arn:hookrun:::dify:runWorkflow', 'Arguments': {'Connection': 'dify-workflow', "
                + "'User': 'u-1', 'ResponseMode': 'streaming'}, 'Catch': [{'ErrorEquals': ['Dify.WorkflowFailed'], "
                + "'Next': 'Handled', 'Output': '{% $states.errorOutput.Error %}'}], 'End': true}, "
                + "'Handled': {'Type': 'Pass', 'End': true}");

        assertThat(run(machine, Map.of()).output()).isEqualTo("Dify.WorkflowFailed");
    }

    @Test
    void anErrorEventMidStream_isMappedByItsStatusAndCode() throws Exception {
        dify.enqueue(FakeDify.streamedError(400, "completion_request_error", "[openai] Rate limit reached"),
                FakeDify.streamedError(429, "too_many_requests", "Too many requests."),
                FakeDify.streamedError(500, "internal_server_error", "Internal Server Error."));

        StepOutcome.Failed first = failureOf(chatTask(ASK));
        assertThat(first.error()).isEqualTo("Dify.completion_request_error");
        assertThat(first.cause()).contains("[openai] Rate limit reached");
        assertThat(failureOf(workflowTask(RUN, "")).error()).isEqualTo("Dify.RateLimited");
        assertThat(failureOf(workflowTask(RUN, "")).error()).isEqualTo("Dify.Unavailable");
    }

    @Test
    void aStreamThatEndsWithoutItsFinalEvent_isDifyUnavailable() throws Exception {
        dify.enqueue(FakeDify.streamed(), FakeDify.streamCut());
        run(workflowTask(RUN, ""), Map.of()).output(); // the whole stream reads fine

        StepOutcome.Failed failed = failureOf(workflowTask(RUN, ""));

        assertThat(failed.error()).isEqualTo("Dify.Unavailable");
        assertThat(failed.cause()).contains("ended without workflow_finished");
    }

    @Test
    void aMissingConnection_isHookrunConnectionNotFound_andANonApiKeyOne_hookrunConnectionInvalid() throws Exception {
        StepOutcome.Failed missing = failureOf(workflowTask("{'Connection': 'nope', 'User': 'u-1'}", ""));
        assertThat(missing.error()).isEqualTo("hookrun.ConnectionNotFound");
        assertThat(missing.cause()).contains("'nope'");

        StepOutcome.Failed basic = failureOf(workflowTask("{'Connection': 'basic', 'User': 'u-1'}", ""));
        assertThat(basic.error()).isEqualTo("hookrun.ConnectionInvalid");
        assertThat(basic.cause()).doesNotContain("password");
        assertThat(dify.requests()).isEmpty();
    }

    @Test
    void anEventBridgeConnectionArn_namesTheConnection() throws Exception {
        run(workflowTask("{'Connection': 'arn:aws:events:eu-west-1:123456789012:connection/dify-workflow/"
                + "0f1e2d3c-aaaa-bbbb-cccc-1234567890ab', 'User': 'u-1'}", ""), Map.of()).output();

        assertThat(dify.requests().getFirst().header("Authorization")).isEqualTo("Bearer " + WORKFLOW_KEY);
    }

    @Test
    void aConnectionStoreOutage_isNotAStateFailure_theStepIsDeliveredAgain() throws Exception {
        StateInterpreter down = interpreterWith(http, name -> {
            throw new ConnectionUnreadableException("connection 'dify-workflow' cannot be read now", true, null);
        });

        assertThatThrownBy(() -> down.execute(workflowTask(RUN, ""), "Run", Definitions.in(Map.of()), Deadline.none()))
                .isInstanceOf(ConnectionUnreadableException.class);
        assertThat(dify.requests()).isEmpty();
    }

    @Test
    void argumentsThatEvaluateToWhatDifyRefuses_failWithStatesRuntime_beforeAnyCall() throws Exception {
        StepOutcome.Failed failed = failureOf(workflowTask(
                "{'Connection': 'dify-workflow', 'User': '{% $trim(\\' \\') %}', 'Inputs': '{% 5 %}'}", ""));

        assertThat(failed.error()).isEqualTo("States.Runtime");
        assertThat(failed.cause()).contains("States.Run.Arguments.User: must be a non-empty string",
                "States.Run.Arguments.Inputs: must be an object");
        assertThat(dify.requests()).isEmpty();
    }

    @Test
    void anEvaluatedConnectionThatLooksLikeAnExpression_isData_andRefused() throws Exception {
        MachineRunner.Run run = run(workflowTask("{'Connection': '{% $states.input.connection %}', 'User': 'u-1'}", ""),
                Map.of("connection", "{% 'dify-workflow' %}"));
        assertThat(run.end().error()).isEqualTo("States.Runtime");
        assertThat(run.end().cause()).contains("States.Run.Arguments.Connection: must be a connection name");
        assertThat(dify.requests()).isEmpty();
    }

    // ---- how long a call waits

    private StepOutcome executeOnce(StateMachine machine, Deadline deadline) throws TransientStepException {
        return interpreter.execute(machine, "Run", Definitions.in(Map.of()), deadline);
    }

    @Test
    void withoutTimeoutSeconds_theCallWaits100Seconds_thenIsDifyUnavailable() throws Exception {
        dify.enqueue(FakeDify.slow(Duration.ofSeconds(150)));

        StepOutcome outcome = executeOnce(workflowTask(RUN, ""), Deadline.none());

        assertThat(http.calls().getFirst().timeout()).isEqualTo(Duration.ofSeconds(100));
        assertThat(outcome).isInstanceOfSatisfying(StepOutcome.Failed.class, f -> {
            assertThat(f.error()).isEqualTo("Dify.Unavailable");
            assertThat(f.cause()).contains("did not answer within 100 s");
        });
    }

    @Test
    void theStatesOwnTimeoutSecondsRunningOut_isStatesTimeout() throws Exception {
        dify.enqueue(FakeDify.slow(Duration.ofSeconds(30)));

        StepOutcome outcome = executeOnce(workflowTask(RUN, "'TimeoutSeconds': 10,"), Deadline.none());

        assertThat(http.calls().getFirst().timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(outcome).isInstanceOfSatisfying(StepOutcome.Failed.class,
                f -> assertThat(f.error()).isEqualTo("States.Timeout"));
    }

    @Test
    void timeoutSecondsAbove100_isKeptForASelfHostedDify() throws Exception {
        executeOnce(workflowTask(RUN, "'TimeoutSeconds': 240,"), Deadline.none());

        assertThat(http.calls().getFirst().timeout()).isEqualTo(Duration.ofSeconds(240));
    }

    @Test
    void theInvocationEndingFirst_capsTheCall_andItsRunningOutIsTransient() throws Exception {
        dify.enqueue(FakeDify.slow(Duration.ofSeconds(30)));

        assertThatThrownBy(() -> executeOnce(workflowTask(RUN, "'TimeoutSeconds': 60,"), Deadline.in(Duration.ofSeconds(20))))
                .isInstanceOf(TransientStepException.class)
                .hasMessageContaining("States.Run")
                .hasMessageContaining("left in this invocation");
        assertThat(http.calls().getFirst().timeout()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(17));
    }

    @Test
    void noTimeLeftBeforeTheMargin_isTransient_andSendsNothing() throws Exception {
        assertThatThrownBy(() -> executeOnce(workflowTask(RUN, ""), Deadline.in(Duration.ofSeconds(2))))
                .isInstanceOf(TransientStepException.class)
                .hasMessageContaining("no time left");
        assertThat(dify.requests()).isEmpty();
    }
}
