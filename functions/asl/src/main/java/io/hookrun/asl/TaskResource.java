package io.hookrun.asl;

import java.util.Optional;
import java.util.Set;

/**
 * A Task's {@code Resource}, parsed: the integration that runs it and whether the Task then waits for a callback
 * ({@code .waitForTaskToken}, docs/adr/0007).
 *
 * @param integration the resource without the suffix, one of {@link #INTEGRATIONS}
 */
public record TaskResource(String integration, boolean waitForTaskToken) {

    public static final String HTTP_INVOKE = "arn:aws:states:::http:invoke";
    public static final String DIFY_WORKFLOW = "arn:hookrun:::dify:runWorkflow";
    public static final String DIFY_CHAT = "arn:hookrun:::dify:chatMessage";
    public static final String WAIT_FOR_TASK_TOKEN = ".waitForTaskToken";
    public static final Set<String> INTEGRATIONS = Set.of(HTTP_INVOKE, DIFY_WORKFLOW, DIFY_CHAT);

    /** The resource {@code value} names, when it names a known integration (with or without the suffix). */
    public static Optional<TaskResource> parse(Object value) {
        if (!(value instanceof String text)) {
            return Optional.empty();
        }
        boolean wait = text.endsWith(WAIT_FOR_TASK_TOKEN);
        String integration = wait ? text.substring(0, text.length() - WAIT_FOR_TASK_TOKEN.length()) : text;
        return INTEGRATIONS.contains(integration) ? Optional.of(new TaskResource(integration, wait)) : Optional.empty();
    }
}
