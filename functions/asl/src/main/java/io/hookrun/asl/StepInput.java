package io.hookrun.asl;

import java.util.List;
import java.util.Map;

/**
 * Everything one state execution reads: its input, the workflow variables visible to it (outer scopes included),
 * the context object, and how often each of its Retry rules has retried it already (empty on first entry).
 */
public record StepInput(Object input, Map<String, Object> variables, ExecutionContext context, List<Integer> retries) {

    public StepInput {
        variables = Map.copyOf(variables);
        retries = List.copyOf(retries);
    }
}
