package io.hookrun.local.e2e;

import io.hookrun.core.time.Deadline;
import io.hookrun.deploycheck.DeployCheck;
import io.hookrun.deploycheck.DeployCheckConfiguration;
import io.hookrun.deploycheck.HookStatusReporter;
import io.hookrun.deploycheck.LifecycleHook;
import io.hookrun.local.cloud.LocalCloud;
import io.hookrun.local.cloud.LocalCloudOptions;
import io.hookrun.local.function.FunctionHost;
import io.hookrun.local.template.SamTemplate;
import io.hookrun.testsupport.fault.FaultProxy;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The PreTraffic hook's check (functions/deploy-check) against the local stack: the real admin and webhook handlers
 * from their jars, DynamoDB Local, ElasticMQ, the real workflow-step function polling it, PostgreSQL. Lambda's
 * {@code Invoke} of a version becomes an invocation of the local function; only CodeDeploy is a fake, recording
 * what the hook reports. The webhook sends to SQS through a fault proxy, so one test breaks the new version's
 * dependency and the deployment must fail.
 */
class DeployCheckEndToEndIT {

    private static final String WEBHOOK_VERSION = "arn:aws:lambda:us-east-1:000000000000:function:WebhookFunction:2";
    private static final String ADMIN_VERSION = "arn:aws:lambda:us-east-1:000000000000:function:AdminFunction:2";

    private static LocalCloud cloud;

    private final List<String> reported = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        cloud = LocalCloud.start(LocalCloudOptions.of(EventFiles.TEMPLATE).withHttpPort(0).withAdminToken("deploy-check-token")
                .withSqsFaultProxyFor("WebhookFunction"));
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    @AfterEach
    void heal() {
        cloud.sqsFaultProxy().setMode(FaultProxy.Mode.PASS);
    }

    @Test
    void healthyNewVersion_runSucceedsThroughTheStepFunction_andSucceededIsReported() {
        String trigger = EndToEndSuite.unique("deploy-check");

        Map<String, String> answer = hook(trigger).handle(event("healthy"), Deadline.in(Duration.ofSeconds(180)));

        assertThat(reported).containsExactly("Succeeded");
        assertThat(answer.get("reason")).contains("SUCCEEDED");
        // The trigger the check made is an ordinary one: it exists, its secret is sealed and never shown.
        String saved = cloud.invoke("AdminFunction", adminGet("triggers/" + trigger));
        assertThat(saved).contains("standard-webhooks").doesNotContain("whsec_");
    }

    @Test
    void theSameHookExecutionTwice_isAReplayOfOneRun_andSucceedsAgain_afterTheWarmWebhooksTriggerCacheExpired() {
        String trigger = EndToEndSuite.unique("deploy-check");
        Map<String, String> event = event("retried");

        Map<String, String> first = hook(trigger).handle(event, Deadline.in(Duration.ofSeconds(180)));
        // A second secret now: the warm webhook still caches the first for up to 10 s, so the check sends again.
        Map<String, String> second = hook(trigger).handle(event, Deadline.in(Duration.ofSeconds(180)));

        assertThat(reported).containsExactly("Succeeded", "Succeeded");
        assertThat(runId(second.get("reason"))).isEqualTo(runId(first.get("reason")));
    }

    @Test
    void newVersionCannotReachSqs_answers503_andFailedIsReported() {
        cloud.sqsFaultProxy().setMode(FaultProxy.Mode.RESET);

        Map<String, String> answer = hook(EndToEndSuite.unique("deploy-check")).handle(event("no-sqs"),
                Deadline.in(Duration.ofSeconds(180)));

        assertThat(reported).containsExactly("Failed");
        assertThat(answer.get("reason")).contains("HTTP 503", "not 202");
    }

    /**
     * The hook's own jar, alone in a class loader as on Lambda, configured only by the template's environment
     * variables: it starts, binds the versions under test, and refuses an event that names no deployment (nothing here
     * reaches CodeDeploy or Lambda). A class missing from the jar, or a variable that does not bind, fails here.
     */
    @Test
    void theHooksOwnJar_startsWithTheTemplatesEnvironment_andRefusesAnEventThatIsNoHook() throws Exception {
        SamTemplate.Function function = SamTemplate.read(EventFiles.TEMPLATE).functions().get("DeployCheckFunction");
        Map<String, Object> environment = Map.of("HOOKRUN_DEPLOY_CHECK_WEBHOOK_FUNCTION", WEBHOOK_VERSION,
                "HOOKRUN_DEPLOY_CHECK_ADMIN_FUNCTION", ADMIN_VERSION);
        assertThat(function.environment()).containsKeys(environment.keySet().toArray(String[]::new));

        try (FunctionHost host = new FunctionHost(function, EventFiles.TEMPLATE.toAbsolutePath().getParent(), environment,
                Map.of("aws.region", "us-east-1"))) {
            assertThat(host.fromJar()).as("built by ./mvnw package").isTrue();
            assertThatThrownBy(() -> host.invokeJson("{\"source\": \"aws.events\"}".getBytes(StandardCharsets.UTF_8)))
                    .hasStackTraceContaining("LifecycleEventHookExecutionId are required");
        }
    }

    private LifecycleHook hook(String triggerId) {
        DeployCheckConfiguration config = new DeployCheckConfiguration(WEBHOOK_VERSION, ADMIN_VERSION,
                triggerId, "hookrun-deploy-check", Duration.ofSeconds(60), Duration.ofMillis(200),
                Duration.ofSeconds(25), Duration.ofSeconds(5), Duration.ofSeconds(12));
        HookStatusReporter codeDeploy = (deployment, execution, outcome) -> reported.add(outcome.status());
        return new LifecycleHook(new DeployCheck(config, new LocalLambda(), JsonMapper.createDefault(), Clock.systemUTC()),
                codeDeploy);
    }

    private static Map<String, String> event(String name) {
        return Map.of("DeploymentId", "d-LOCAL" + name, "LifecycleEventHookExecutionId", EndToEndSuite.unique("hook-" + name));
    }

    private static String runId(String reason) {
        return reason.split(" ")[1];
    }

    private static String adminGet(String proxy) {
        return """
                {"version": "2.0", "routeKey": "ANY /admin/{proxy+}", "rawPath": "/admin/%s", "rawQueryString": "",
                 "headers": {}, "requestContext": {"http": {"method": "GET", "path": "/admin/%s", "protocol": "HTTP/1.1",
                 "sourceIp": "127.0.0.1"}, "requestId": "r-1", "routeKey": "ANY /admin/{proxy+}", "stage": "$default"},
                 "pathParameters": {"proxy": "%s"}, "isBase64Encoded": false}""".formatted(proxy, proxy, proxy);
    }

    /** Lambda's Invoke of a version, served by the local function of that name, as the runtime would. */
    private static final class LocalLambda implements LambdaClient {

        @Override
        public InvokeResponse invoke(InvokeRequest request) {
            String function = switch (request.functionName()) {
                case WEBHOOK_VERSION -> "WebhookFunction";
                case ADMIN_VERSION -> "AdminFunction";
                default -> throw new AssertionError("the check invoked " + request.functionName());
            };
            String response = cloud.invoke(function, request.payload().asString(StandardCharsets.UTF_8));
            return InvokeResponse.builder().statusCode(200).executedVersion("2")
                    .payload(SdkBytes.fromString(response, StandardCharsets.UTF_8)).build();
        }

        @Override
        public String serviceName() {
            return "lambda";
        }

        @Override
        public void close() {
        }
    }

}
