package io.hookrun.webhook;

import io.micronaut.core.annotation.Nullable;

/**
 * A body as the CloudEvent carries it.
 *
 * @param contentType the CloudEvent's {@code datacontenttype}: {@code application/json} for data that is JSON now
 *                    (a form, JSON sent as text), the sender's type otherwise; null for an empty body
 * @param data        a JSON value, or null (an empty body, or binary data)
 * @param dataBase64  binary data as base64, or null
 */
record EventData(@Nullable String contentType, @Nullable Object data, @Nullable String dataBase64) {

    static final EventData NONE = new EventData(null, null, null);

    /** Whether the data is a JSON value that JSON pointers and a JSON Schema can look into. */
    boolean isJson() {
        return dataBase64 == null;
    }
}
