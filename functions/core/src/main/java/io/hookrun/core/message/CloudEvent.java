package io.hookrun.core.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * An accepted webhook as a CloudEvents 1.0 JSON object (structured mode). It is the body of the SQS message
 * the webhook function sends, and the input of the run it starts. hookrun's own routing data travel as
 * CloudEvents extension attributes (lower-case letters only, as the spec requires).
 *
 * @param data              the parsed request body: JSON for JSON bodies, the text otherwise, null when empty
 * @param hookruntriggerid  the trigger that received the webhook
 * @param hookrunworkflowid the workflow the trigger pointed to when the webhook arrived
 * @param hookrunrunid      the run this event starts, already announced to the sender in the 202
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CloudEvent(String specversion, String id, String source, String type, String time,
                         @Nullable String datacontenttype, @Nullable Object data,
                         String hookruntriggerid, String hookrunworkflowid, String hookrunrunid) {

    public static final String SPEC_VERSION = "1.0";
    public static final String WEBHOOK_RECEIVED = "dev.hookrun.webhook.received";
}
