package io.hookrun.asl;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The validator takes {@code .waitForTaskToken} on every integration, and bounds its TimeoutSeconds and
 * HeartbeatSeconds by a year (the wait for a callback spans invocations), not by the step function's timeout.
 */
class CallbackTaskValidationTest {

    private static String definition(String resource, String fields) {
        return ("{'QueryLanguage': 'JSONata', 'StartAt': 'A', 'States': {'A': {'Type': 'Task', 'Resource': '"
                + resource + "', 'Arguments': {'ApiEndpoint': 'https://x.test/ask', 'Method': 'POST', "
                + "'RequestBody': {'token': '{% $states.context.Task.Token %}'}}" + fields + ", 'End': true}}}")
                .replace('\'', '"');
    }

    @ParameterizedTest
    @ValueSource(strings = {"arn:aws:states:::http:invoke.waitForTaskToken"})
    void httpInvokeWithTheSuffixAndLongDeadlines_isAccepted(String resource) throws Exception {
        StateMachine machine = StateMachine.parse(definition(resource,
                ", 'TimeoutSeconds': 31536000, 'HeartbeatSeconds': 86400"), DefinitionLimits.DEFAULT);

        assertThat(machine.state("A")).containsEntry("TimeoutSeconds", 31536000)
                .containsEntry("HeartbeatSeconds", 86400);
        assertThat(TaskResource.parse(machine.state("A").get("Resource")))
                .contains(new TaskResource(TaskResource.HTTP_INVOKE, true));
    }

    @Test
    void theSameTimeoutWithoutTheSuffix_isRefused() {
        assertThat(catchThrowableOfType(InvalidDefinitionException.class, () -> StateMachine.parse(
                definition(TaskResource.HTTP_INVOKE, ", 'TimeoutSeconds': 3600"), DefinitionLimits.DEFAULT)).problems())
                .singleElement().asString().startsWith("States.A.TimeoutSeconds: must be at most 117");
    }

    @Test
    void aWaitLongerThanAYear_isRefused() {
        assertThat(catchThrowableOfType(InvalidDefinitionException.class, () -> StateMachine.parse(
                definition(TaskResource.HTTP_INVOKE + TaskResource.WAIT_FOR_TASK_TOKEN, ", 'TimeoutSeconds': 31536001"),
                DefinitionLimits.DEFAULT)).problems())
                .containsExactly("States.A.TimeoutSeconds: must be at most 31536000");
    }

    @Test
    void aHeartbeatNotShorterThanTheTimeout_isRefused() {
        assertThat(catchThrowableOfType(InvalidDefinitionException.class, () -> StateMachine.parse(
                definition(TaskResource.HTTP_INVOKE + TaskResource.WAIT_FOR_TASK_TOKEN,
                        ", 'TimeoutSeconds': 600, 'HeartbeatSeconds': 600"), DefinitionLimits.DEFAULT)).problems())
                .containsExactly("States.A.HeartbeatSeconds: must be smaller than TimeoutSeconds (600)");
    }

    @Test
    void anUnknownSuffix_isRefused() {
        assertThat(catchThrowableOfType(InvalidDefinitionException.class, () -> StateMachine.parse(
                definition(TaskResource.HTTP_INVOKE + ".sync", ""), DefinitionLimits.DEFAULT)).problems())
                .singleElement().asString().startsWith("States.A.Resource: must be one of");
    }
}
