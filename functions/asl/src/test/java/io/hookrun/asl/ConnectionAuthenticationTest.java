package io.hookrun.asl;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionAuthenticationTest {

    @Test
    void anEventBridgeArn_namesItsConnection_andABareNameItself() {
        assertThat(ConnectionAuthentication.connectionName(
                "arn:aws:events:us-east-2:123456789012:connection/Stripe/81210c42-8af1-456b-9c4a-6ff02fc664ac"))
                .contains("Stripe");
        assertThat(ConnectionAuthentication.connectionName(
                "arn:aws-us-gov:events:us-gov-west-1:123456789012:connection/a.b-c_d/0f4c")).contains("a.b-c_d");
        assertThat(ConnectionAuthentication.connectionName("orders-api")).contains("orders-api");
    }

    @Test
    void namesThatCouldLeaveTheSecretPrefix_orOtherArns_areRefused() {
        assertThat(ConnectionAuthentication.connectionName("../admin")).isEmpty();
        assertThat(ConnectionAuthentication.connectionName("a/b")).isEmpty();
        assertThat(ConnectionAuthentication.connectionName("")).isEmpty();
        assertThat(ConnectionAuthentication.connectionName("x".repeat(65))).isEmpty();
        assertThat(ConnectionAuthentication.connectionName("arn:aws:secretsmanager:us-east-1:123456789012:secret:x")).isEmpty();
        assertThat(ConnectionAuthentication.connectionName(42)).isEmpty();
    }

    @Test
    void validation_ofLiteralAuthenticationAndTransform() {
        List<String> problems = new ArrayList<>();
        HttpTask.validate("States.A", Map.of("ApiEndpoint", "https://x.example", "Method", "GET",
                "Authentication", Map.of("ConnectionArn", "a/b", "Secret", "x"),
                "Transform", Map.of("RequestBodyEncoding", "FORM", "RequestEncodingOptions", Map.of("ArrayFormat", "PIPES"))),
                problems);

        assertThat(problems).containsExactlyInAnyOrder(
                "States.A.Arguments.Authentication.Secret: is not a field of Authentication (only ConnectionArn is)",
                "States.A.Arguments.Authentication.ConnectionArn: must be an EventBridge connection ARN"
                        + " (arn:aws:events:<region>:<account>:connection/<name>/<id>) or a connection name"
                        + " ([.-_A-Za-z0-9], at most 64), or a {% %} expression",
                "States.A.Arguments.Transform.RequestBodyEncoding: must be NONE or URL_ENCODED, or a {% %} expression",
                "States.A.Arguments.Transform.RequestEncodingOptions.ArrayFormat: must be one of INDICES, REPEAT,"
                        + " COMMAS, BRACKETS, or a {% %} expression");
    }

    @Test
    void validation_acceptsExpressions_andValidLiterals() {
        List<String> problems = new ArrayList<>();
        HttpTask.validate("States.A", Map.of("ApiEndpoint", "https://x.example", "Method", "POST",
                "Authentication", Map.of("ConnectionArn", "{% $states.input.connection %}"),
                "Transform", Map.of("RequestBodyEncoding", "URL_ENCODED", "RequestEncodingOptions", Map.of("ArrayFormat", "COMMAS"))),
                problems);
        HttpTask.validate("States.A", Map.of("ApiEndpoint", "https://x.example", "Method", "POST",
                "Authentication", Map.of("ConnectionArn", "arn:aws:events:eu-west-1:123456789012:connection/crm/1234")),
                problems);

        assertThat(problems).isEmpty();
    }

    @Test
    void theRedactor_removesSecretsAndTheirEncodedForms_butNotShortValues() {
        SecretRedactor redactor = new SecretRedactor();
        redactor.add("s3cr et+1");
        redactor.add("eu");

        assertThat(redactor.redact("sent s3cr et+1 as s3cr%20et%2B1 and s3cr+et%2B1 to eu"))
                .isEqualTo("sent <redacted> as <redacted> and <redacted> to eu");
    }
}
