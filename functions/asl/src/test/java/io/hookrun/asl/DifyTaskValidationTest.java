package io.hookrun.asl;

import org.junit.jupiter.api.Test;

import static io.hookrun.asl.ValidatorFixture.problemsOfStates;
import static io.hookrun.asl.ValidatorFixture.validStates;
import static org.assertj.core.api.Assertions.assertThat;

/** What the validator says about the literal Arguments of Dify tasks, before any run. */
class DifyTaskValidationTest {

    private static String workflow(String arguments) {
        return "'A': {'Type': 'Task', 'Resource': 'arn:hookrun:::dify:runWorkflow', 'Arguments': " + arguments
                + ", 'End': true}";
    }

    private static String chat(String arguments) {
        return "'A': {'Type': 'Task', 'Resource': 'arn:hookrun:::dify:chatMessage', 'Arguments': " + arguments
                + ", 'End': true}";
    }

    @Test
    void everyArgument_literalOrExpression_isAccepted() {
        validStates(workflow("{'Connection': 'dify', 'User': 'u', 'Inputs': {'a': 1}, 'WorkflowId': 'w-1',"
                + " 'ResponseMode': 'blocking', 'Files': [{'type': 'image', 'transfer_method': 'remote_url', 'url': 'https://x.test/a.png'}]}"));
        validStates(chat("{'Connection': '{% $conn %}', 'User': '{% $states.input.user %}', 'Query': '{% $states.input.q %}',"
                + " 'Inputs': '{% $states.input %}', 'ConversationId': '', 'AutoGenerateName': false, 'ResponseMode': 'streaming',"
                + " 'Files': '{% [] %}'}"));
        validStates(workflow("{'Connection': 'arn:aws:events:us-east-1:123456789012:connection/dify/0f1e2d3c-aaaa-bbbb', 'User': 'u'}"));
        validStates("'A': {'Type': 'Task', 'Resource': 'arn:hookrun:::dify:runWorkflow.waitForTaskToken', "
                + "'Arguments': {'Connection': 'dify', 'User': 'u', 'Inputs': {'token': '{% $states.context.Task.Token %}'}}, "
                + "'TimeoutSeconds': 3600, 'End': true}");
    }

    @Test
    void missingRequiredArguments_areNamed() {
        assertThat(problemsOfStates(workflow("{}"))).containsExactly(
                "States.A.Arguments.Connection: is required",
                "States.A.Arguments.User: is required");
        assertThat(problemsOfStates(chat("{'Connection': 'dify', 'User': 'u'}"))).containsExactly(
                "States.A.Arguments.Query: is required");
    }

    @Test
    void unknownArguments_areRefused_soThatATypoIsNotSilentlyDropped() {
        assertThat(problemsOfStates(workflow("{'Connection': 'dify', 'User': 'u', 'inputs': {}, 'Query': 'q'}"))).containsExactly(
                "States.A.Arguments.inputs: is not an argument of arn:hookrun:::dify:runWorkflow (they are "
                        + "[Connection, Files, Inputs, ResponseMode, User, WorkflowId])",
                "States.A.Arguments.Query: is not an argument of arn:hookrun:::dify:runWorkflow (they are "
                        + "[Connection, Files, Inputs, ResponseMode, User, WorkflowId])");
    }

    @Test
    void literalsOfTheWrongType_areRefused() {
        assertThat(problemsOfStates(chat("{'Connection': 'no spaces/allowed', 'User': '', 'Query': 5, 'Inputs': [1],"
                + " 'Files': [1], 'ResponseMode': 'fast', 'ConversationId': 7, 'AutoGenerateName': 'yes', 'WorkflowId': 3}")))
                .containsExactlyInAnyOrder(
                        "States.A.Arguments.Connection: must be a connection name ([.-_A-Za-z0-9], at most 64) or an"
                                + " EventBridge connection ARN (arn:aws:events:<region>:<account>:connection/<name>/<id>),"
                                + " or a {% %} expression",
                        "States.A.Arguments.User: must be a non-empty string or a {% %} expression",
                        "States.A.Arguments.Query: must be a string or a {% %} expression",
                        "States.A.Arguments.Inputs: must be an object or a {% %} expression",
                        "States.A.Arguments.Files: must be an array of Dify file objects or a {% %} expression",
                        "States.A.Arguments.ResponseMode: must be one of [blocking, streaming] or a {% %} expression",
                        "States.A.Arguments.ConversationId: must be a string or a {% %} expression",
                        "States.A.Arguments.AutoGenerateName: must be a boolean or a {% %} expression",
                        "States.A.Arguments.WorkflowId: must be a non-empty string or a {% %} expression");
    }
}
