package io.hookrun.local.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static io.hookrun.local.template.SamTemplate.map;

/**
 * What one function's inline policies let it do to one DynamoDB table, evaluated for a single-item request the way
 * IAM does: an explicit Deny wins, otherwise some Allow statement must name the action and the table and satisfy
 * its conditions. Only the condition operators the template uses on the table are understood, with
 * {@code dynamodb:LeadingKeys} being the request's partition key; any other condition fails loudly rather than
 * being guessed at. (DynamoDB Local ignores IAM: no other test sees a policy that refuses the keys the code uses.)
 */
final class TablePolicy {

    /** One statement granting or denying DynamoDB actions. */
    record Statement(String effect, List<String> actions, Object resource, Map<String, Object> condition) {

        boolean names(String action) {
            return actions.stream().anyMatch(a -> a.equalsIgnoreCase(action));
        }

        /** The partition-key patterns of {@code ForAllValues:StringLike} on {@code dynamodb:LeadingKeys}, or empty. */
        List<String> leadingKeyPatterns() {
            return strings(map(condition.get("ForAllValues:StringLike")).get(LEADING_KEYS));
        }
    }

    static final String LEADING_KEYS = "dynamodb:LeadingKeys";

    private final String functionId;
    private final Map<String, Object> table;
    private final List<Statement> statements;

    private TablePolicy(String functionId, String tableId, List<Statement> statements) {
        this.functionId = functionId;
        this.table = Map.of("Fn::GetAtt", List.of(tableId, "Arn"));
        this.statements = statements;
    }

    /**
     * Every statement of {@code functionId}'s inline {@code Policies} that names a {@code dynamodb:} action, whatever
     * its Resource: the template has one table, and a statement naming it some other way must not escape the checks.
     */
    static TablePolicy of(SamTemplate template, String functionId, String tableId) {
        List<Statement> statements = new ArrayList<>();
        for (Object policy : items(map(map(template.resources().get(functionId)).get("Properties")).get("Policies"))) {
            for (Object item : items(map(policy).get("Statement"))) {
                Map<String, Object> s = map(item);
                List<String> actions = strings(s.get("Action"));
                if (actions.stream().anyMatch(a -> a.toLowerCase().startsWith("dynamodb:"))) {
                    statements.add(new Statement(String.valueOf(s.get("Effect")), actions, s.get("Resource"), map(s.get("Condition"))));
                }
            }
        }
        return new TablePolicy(functionId, tableId, List.copyOf(statements));
    }

    /** {@code !GetAtt <table>.Arn}, as a statement on the table (not an index, not a stream) names it. */
    Map<String, Object> tableArn() {
        return table;
    }

    List<Statement> statements() {
        return statements;
    }

    /**
     * Whether {@code action} (e.g. {@code dynamodb:GetItem}) on the item with this partition key is allowed;
     * a null key stands for a request that names none.
     */
    boolean allows(String action, String partitionKey) {
        boolean allowed = false;
        for (Statement s : statements) {
            if (s.names(action) && table.equals(s.resource()) && conditionHolds(s.condition(), partitionKey)) {
                if (s.effect().equals("Deny")) {
                    return false;
                }
                allowed = true;
            }
        }
        return allowed;
    }

    private boolean conditionHolds(Map<String, Object> condition, String partitionKey) {
        for (Map.Entry<String, Object> operator : condition.entrySet()) {
            for (Map.Entry<String, Object> test : map(operator.getValue()).entrySet()) {
                if (!test.getKey().equals(LEADING_KEYS)) {
                    throw new IllegalArgumentException(functionId + ": condition key " + test.getKey() + " is not modelled here");
                }
                List<String> values = strings(test.getValue());
                // A single-item request has one leading key, so "all of them" is that one; a request without any
                // (a Scan) satisfies every ForAllValues test vacuously, as IAM evaluates it.
                boolean holds = switch (operator.getKey()) {
                    case "ForAllValues:StringLike" -> partitionKey == null || values.stream().anyMatch(p -> like(p, partitionKey));
                    case "ForAllValues:StringEquals" -> partitionKey == null || values.contains(partitionKey);
                    case "Null" -> values.equals(List.of(partitionKey == null ? "true" : "false"));
                    default -> throw new IllegalArgumentException(functionId + ": condition operator " + operator.getKey()
                            + " is not modelled here");
                };
                if (!holds) {
                    return false;
                }
            }
        }
        return true;
    }

    /** IAM's StringLike: {@code *} any run of characters, {@code ?} one character, everything else literal. */
    static boolean like(String pattern, String value) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return value.matches(regex.toString());
    }

    private static List<?> items(Object value) {
        return value instanceof List<?> list ? list : List.of();
    }

    private static List<String> strings(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of(String.valueOf(value));
    }
}
