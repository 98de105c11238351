package io.hookrun.local.template;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.hookrun.local.template.SamTemplate.map;

/**
 * The SAM and Lambda rules template.yaml relies on, checked in plain Java so that the build fails on them even where
 * the SAM translator (cfn-lint) is not installed. Each rule is one that {@code sam deploy} enforces (the transform,
 * or CloudFormation creating the resource) or that hookrun's runtime depends on; some of them cfn-lint does not
 * check at all (an {@code ApiId} naming another resource type, a visibility timeout shorter than the consumer's
 * timeout, a batch over 10 without a batching window). Each violation names the resource and what to change.
 */
final class SamRules {

    /** Lambda's SQS poller: without a batching window a batch holds at most 10 records. */
    private static final int MAX_BATCH_WITHOUT_WINDOW = 10;
    /** What SQS uses when a queue does not set {@code VisibilityTimeout}. */
    private static final int SQS_DEFAULT_VISIBILITY_SECONDS = 30;
    /** What Lambda uses when neither the function nor Globals set {@code Timeout}. */
    private static final int LAMBDA_DEFAULT_TIMEOUT_SECONDS = 3;

    private final SamTemplate template;
    private final Intrinsics defaults;
    private final List<String> violations = new ArrayList<>();

    private SamRules(SamTemplate template) {
        this.template = template;
        Map<String, Object> parameters = new HashMap<>();
        template.parameterList().forEach(p -> parameters.put(p.name(), p.defaultValue()));
        Map<String, Object> resources = template.resources();
        this.defaults = new Intrinsics(parameters, id -> resources.containsKey(id) ? id : null,
                (id, attribute) -> resources.containsKey(id) ? id + "." + attribute : null, template.conditions());
    }

    /** Every rule the template breaks, one line each; empty when it satisfies them all. */
    static List<String> violations(SamTemplate template) {
        SamRules rules = new SamRules(template);
        rules.httpApiRoutes();
        rules.httpApiDefaultAuthorizers();
        rules.sqsEventSources();
        return List.copyOf(rules.violations);
    }

    /**
     * An HTTP API event attaches to an {@code AWS::Serverless::HttpApi} of this template (or, without {@code ApiId},
     * to the implicit one), names an authorizer that API defines ({@code AWS_IAM} needs
     * {@code Auth.EnableIamAuthorizer: true}: the transform refuses the route otherwise, "the related API does not
     * define any Authorizers"), and no two events share a method and path on one API.
     * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-httpapi-httpapiauth.html
     */
    private void httpApiRoutes() {
        Map<String, String> routes = new HashMap<>();
        resourcesOfType("AWS::Serverless::Function").forEach((functionId, function) ->
                map(properties(function).get("Events")).forEach((eventId, value) -> {
                    Map<String, Object> event = map(value);
                    if (!"HttpApi".equals(event.get("Type"))) {
                        return;
                    }
                    String where = functionId + " event " + eventId;
                    Map<String, Object> p = map(event.get("Properties"));
                    String api = apiOf(p.get("ApiId"), where);
                    if (api == null) {
                        return;
                    }
                    Object authorizer = map(p.get("Auth")).getOrDefault("Authorizer", apiAuth(api).get("DefaultAuthorizer"));
                    checkAuthorizer(authorizer, api, where);
                    String route = api + " " + String.valueOf(p.getOrDefault("Method", "ANY")).toUpperCase() + " " + p.get("Path");
                    String first = routes.putIfAbsent(route, where);
                    if (first != null) {
                        violations.add(where + ": " + route + " is already the route of " + first
                                + " (the SAM transform refuses a method defined twice for one path)");
                    }
                }));
    }

    /** An API's {@code DefaultAuthorizer} obeys the same rule as a route's {@code Authorizer}. */
    private void httpApiDefaultAuthorizers() {
        resourcesOfType("AWS::Serverless::HttpApi").keySet().forEach(api -> {
            Object authorizer = apiAuth(api).get("DefaultAuthorizer");
            if (authorizer != null) {
                checkAuthorizer(authorizer, api, api + " DefaultAuthorizer");
            }
        });
    }

    /** The logical id of the API an event attaches to, or null after reporting an ApiId that names no HttpApi. */
    private String apiOf(Object apiId, String where) {
        if (apiId == null) {
            return "ServerlessHttpApi";
        }
        Object ref = map(apiId).get("Ref");
        if (ref != null && resourcesOfType("AWS::Serverless::HttpApi").containsKey(String.valueOf(ref))) {
            return String.valueOf(ref);
        }
        violations.add(where + ": ApiId " + apiId + " must be !Ref of an AWS::Serverless::HttpApi in this template");
        return null;
    }

    /** {@code Globals.HttpApi.Auth} under the API's own {@code Auth}; the implicit API has only the former. */
    private Map<String, Object> apiAuth(String api) {
        Map<String, Object> auth = new LinkedHashMap<>(map(map(map(template.root().get("Globals")).get("HttpApi")).get("Auth")));
        auth.putAll(map(properties(template.resources().get(api)).get("Auth")));
        return auth;
    }

    private void checkAuthorizer(Object authorizer, String api, String where) {
        if (authorizer == null || "NONE".equals(authorizer)) {
            return;
        }
        Map<String, Object> auth = apiAuth(api);
        if ("AWS_IAM".equals(authorizer)) {
            if (!Boolean.TRUE.equals(auth.get("EnableIamAuthorizer"))) {
                violations.add(where + ": Authorizer AWS_IAM needs " + api + " to set Auth.EnableIamAuthorizer: true");
            }
        } else if (!map(auth.get("Authorizers")).containsKey(String.valueOf(authorizer))) {
            violations.add(where + ": Authorizer " + authorizer + " is not among " + api + "'s Auth.Authorizers");
        }
    }

    /**
     * An SQS event reads a queue of this template, reports batch item failures (otherwise one poison record returns
     * its whole batch to the queue), keeps a batch of more than 10 records to a batching window of at least 1 s (Lambda
     * refuses the mapping otherwise), and its queue hides a received message for at least 6x the function's timeout:
     * Lambda refuses a visibility timeout shorter than the function's timeout, and recommends 6x so that retries
     * of a throttled batch do not make the message visible again while it is still being processed.
     * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
     */
    private void sqsEventSources() {
        Object globalTimeout = map(map(template.root().get("Globals")).get("Function"))
                .getOrDefault("Timeout", LAMBDA_DEFAULT_TIMEOUT_SECONDS);
        resourcesOfType("AWS::Serverless::Function").forEach((functionId, function) ->
                map(properties(function).get("Events")).forEach((eventId, value) -> {
                    Map<String, Object> event = map(value);
                    if (!"SQS".equals(event.get("Type"))) {
                        return;
                    }
                    String where = functionId + " event " + eventId;
                    Map<String, Object> p = map(event.get("Properties"));
                    if (!(p.get("FunctionResponseTypes") instanceof List<?> types && types.contains("ReportBatchItemFailures"))) {
                        violations.add(where + ": FunctionResponseTypes must contain ReportBatchItemFailures");
                    }
                    int batchSize = number(p.getOrDefault("BatchSize", MAX_BATCH_WITHOUT_WINDOW));
                    if (batchSize > MAX_BATCH_WITHOUT_WINDOW && number(p.getOrDefault("MaximumBatchingWindowInSeconds", 0)) < 1) {
                        violations.add(where + ": BatchSize " + batchSize + " needs MaximumBatchingWindowInSeconds >= 1");
                    }
                    String queue = queueOf(p.get("Queue"));
                    if (queue == null) {
                        violations.add(where + ": Queue " + p.get("Queue") + " must be !GetAtt <AWS::SQS::Queue of this template>.Arn");
                        return;
                    }
                    int timeout = number(properties(function).getOrDefault("Timeout", globalTimeout));
                    int visibility = number(map(properties(template.resources().get(queue)))
                            .getOrDefault("VisibilityTimeout", SQS_DEFAULT_VISIBILITY_SECONDS));
                    if (visibility < 6 * timeout) {
                        violations.add(where + ": " + queue + " VisibilityTimeout " + visibility + " s is under 6x "
                                + functionId + "'s Timeout (" + timeout + " s): make it at least " + 6 * timeout);
                    }
                }));
    }

    private String queueOf(Object arn) {
        Object getAtt = map(arn).get("Fn::GetAtt");
        if (getAtt instanceof List<?> parts && parts.size() == 2 && "Arn".equals(parts.get(1))
                && resourcesOfType("AWS::SQS::Queue").containsKey(String.valueOf(parts.get(0)))) {
            return String.valueOf(parts.get(0));
        }
        return null;
    }

    private int number(Object value) {
        Object resolved = defaults.resolve(value);
        return resolved instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(resolved));
    }

    private Map<String, Map<String, Object>> resourcesOfType(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        template.resources().forEach((id, resource) -> {
            if (type.equals(map(resource).get("Type"))) {
                found.put(id, map(resource));
            }
        });
        return found;
    }

    private static Map<String, Object> properties(Object resource) {
        return map(map(resource).get("Properties"));
    }
}
