package io.hookrun.admin;

import io.hookrun.asl.StateMachine;
import io.hookrun.aws.sqs.DeadLetterQueueConfiguration;
import io.hookrun.database.PooledConnectionsRestore;
import io.hookrun.lambda.snapstart.HttpApiPriming;
import io.hookrun.lambda.snapstart.SnapStartPriming;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Context;
import io.micronaut.json.JsonMapper;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * AdminFunction's SnapStart hooks ({@link SnapStartPriming}). Only requests that read: the admin API's writes (saves,
 * starts, redrives) and the dead-letter listing (a peek receives messages, which counts as a receive) are never
 * sent.
 * <ul>
 *   <li><b>unknown trigger</b>, <b>unknown workflow</b>: {@code GET} of ids that cannot exist through the real routes:
 *       the API Gateway event read, a DynamoDB {@code GetItem} (SDK client, signer, marshallers), the 404 problem
 *       written. Nothing is found, so no trigger secret is opened (no KMS call).</li>
 *   <li><b>run listing</b>, <b>unknown run</b>: the run history reads, through the pool and the JDBC driver. The
 *       first use of the run history applies its Flyway migrations, exactly as the first admin request would.</li>
 *   <li><b>workflow validation</b>: a representative JSONata definition through the ASL validator (the JSONata
 *       parser, the state checks), which every workflow save runs.</li>
 *   <li><b>dead-letter queue depth</b>: SQS {@code GetQueueAttributes} on the dead-letter queue (read-only, allowed
 *       by the function's policy).</li>
 *   <li><b>drop database connections</b> (and the credentials they were opened with), last; the connections again
 *       first after a restore ({@link PooledConnectionsRestore}).</li>
 * </ul>
 */
@Context
public class AdminPriming extends SnapStartPriming {

    /** Workflow validation: a Pass with JSONata output and a Choice, the shapes most definitions have. */
    static final String DEFINITION = """
            {"QueryLanguage": "JSONata", "StartAt": "Shape", "States": {
              "Shape": {"Type": "Pass", "Output": "{% {'order': $states.input.id, 'total': $sum($states.input.lines.qty)} %}",
                        "Next": "Route"},
              "Route": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.total > 1 %}", "Next": "Done"}],
                        "Default": "Done"},
              "Done": {"Type": "Succeed"}}}""";

    private final BeanProvider<AdminRoutes> routes;
    private final BeanProvider<JsonMapper> json;
    private final BeanProvider<SqsClient> sqs;
    private final BeanProvider<DeadLetterQueueConfiguration> deadLetters;
    private final BeanProvider<PooledConnectionsRestore> connections;

    public AdminPriming(BeanProvider<AdminRoutes> routes, BeanProvider<JsonMapper> json, BeanProvider<SqsClient> sqs,
                        BeanProvider<DeadLetterQueueConfiguration> deadLetters,
                        BeanProvider<PooledConnectionsRestore> connections) {
        this.routes = routes;
        this.json = json;
        this.sqs = sqs;
        this.deadLetters = deadLetters;
        this.connections = connections;
    }

    @Override
    protected List<Step> steps() {
        String unknown = "snapstart-priming-" + UUID.randomUUID();
        return List.of(
                new Step("unknown trigger", () -> get("/admin/triggers/" + unknown, Map.of(), 404)),
                new Step("unknown workflow", () -> get("/admin/workflows/" + unknown, Map.of(), 404)),
                new Step("run listing", () -> get("/admin/runs", Map.of("limit", "1"), 200)),
                new Step("unknown run", () -> get("/admin/runs/" + UUID.randomUUID(), Map.of(), 404)),
                new Step("workflow validation", () -> StateMachine.parse(DEFINITION)),
                new Step("dead-letter queue depth", this::deadLetterDepth),
                new Step("drop database connections", () -> connections.get().beforeSnapshot()));
    }

    @Override
    protected void restore() {
        connections.get().evictConnections();
    }

    private void get(String path, Map<String, String> query, int expected) throws Exception {
        HttpApiPriming.expectStatus(HttpApiPriming.request(json.get(), "GET", path, Map.of(), Map.of(), null,
                request -> routes.get().handle(new io.hookrun.lambda.http.HttpApiRequest(request.method(),
                        request.path(), request.pathParameters(), query, request.headers(), request.body()),
                        Duration.ofSeconds(5))), expected);
    }

    private void deadLetterDepth() {
        String url = deadLetters.get().deadLetterQueueUrl();
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("no dead-letter queue configured");
        }
        sqs.get().getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }
}
