package io.hookrun.asl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one state execution reads: its input, the workflow variables visible to it (outer scopes included),
 * the context object, and how often each of its Retry rules has retried it already (empty on first entry).
 * Variables may hold JSON null, so they are copied into an unmodifiable map that allows it ({@code Map.copyOf} does
 * not).
 */
public record StepInput(Object input, Map<String, Object> variables, ExecutionContext context, List<Integer> retries) {

    public StepInput {
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        retries = List.copyOf(retries);
    }
}
