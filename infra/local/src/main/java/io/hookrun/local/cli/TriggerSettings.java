package io.hookrun.local.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A trigger's settings as {@code apply} compares them and {@code export} writes them: what a trigger body says, or a
 * trigger view shows ({@code AdminViews.TriggerView}), without secrets, ids, times or the view's derived fields, with
 * the API's defaults filled in (so a file that leaves {@code toleranceSeconds} out equals a trigger showing 300).
 */
final class TriggerSettings {

    /** The timestamp window the API uses when a trigger sets none (ADR 0006). */
    static final int DEFAULT_TOLERANCE_SECONDS = 300;
    /** The order {@code export} writes fields in, as ADR 0006 lists them. */
    private static final List<String> HMAC_FIELDS = List.of("header", "prefix", "encoding", "algorithm", "signed",
            "separator", "timestampHeader", "deliveryIdHeader", "deliveryIdPointer", "eventTypeHeader");
    private static final List<String> EVENT_FIELDS = List.of("idempotencyKeyPointer", "types", "schema", "contentTypes",
            "maxBodyBytes", "rateLimit");

    private TriggerSettings() {
    }

    /**
     * The settings of a trigger body or view, flattened ({@code signature.hmac.header}), comparable
     * ({@link JsonOutput#comparable}); absent fields left out.
     *
     * @param withEnabled whether {@code enabled} counts: only when the file sets it (a PUT keeps the stored one
     *                    otherwise, ADR 0009)
     */
    static Map<String, Object> of(Map<String, Object> trigger, boolean withEnabled) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("workflowId", trigger.get("workflowId"));
        if (withEnabled) {
            settings.put("enabled", trigger.getOrDefault("enabled", true));
        }
        Map<String, Object> signature = map(trigger.get("signature"));
        settings.put("signature.scheme", signature.get("scheme"));
        settings.put("signature.toleranceSeconds", signature.getOrDefault("toleranceSeconds", DEFAULT_TOLERANCE_SECONDS));
        map(signature.get("hmac")).forEach((field, value) -> settings.put("signature.hmac." + field, value));
        Map<String, Object> event = map(trigger.get("event"));
        settings.put("event.idempotencyKeyPointer", event.get("idempotencyKeyPointer"));
        settings.put("event.types", event.get("types") == null ? List.of() : event.get("types"));
        settings.put("event.schema", event.get("schema"));
        settings.put("event.contentTypes", event.get("contentTypes") == null ? List.of() : event.get("contentTypes"));
        settings.put("event.maxBodyBytes", event.get("maxBodyBytes"));
        map(event.get("rateLimit")).forEach((field, value) -> settings.put("event.rateLimit." + field, value));
        Map<String, Object> comparable = new LinkedHashMap<>();
        settings.forEach((path, value) -> {
            if (value != null) {
                comparable.put(path, JsonOutput.comparable(value));
            }
        });
        return comparable;
    }

    /** The paths whose values differ between the file's settings and the API's, in the file's order. */
    static List<String> differences(Map<String, Object> file, Map<String, Object> api) {
        Set<String> paths = new LinkedHashSet<>(file.keySet());
        paths.addAll(api.keySet());
        List<String> differ = new ArrayList<>();
        for (String path : paths) {
            if (!Objects.equals(file.get(path), api.get(path))) {
                differ.add(path);
            }
        }
        return differ;
    }

    /**
     * The trigger file {@code export} writes for a trigger view: its settings, defaults left out, and
     * {@code secretsFromEnv} naming one variable (derived from the id) unless the scheme takes no secret.
     */
    static Map<String, Object> exportBody(String id, Map<String, Object> view) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("workflowId", view.get("workflowId"));
        if (view.get("enabled") != null) {
            body.put("enabled", view.get("enabled"));
        }
        Map<String, Object> signatureView = map(view.get("signature"));
        Map<String, Object> signature = new LinkedHashMap<>();
        signature.put("scheme", signatureView.get("scheme"));
        Object tolerance = signatureView.get("toleranceSeconds");
        if (tolerance instanceof Number n && n.intValue() != DEFAULT_TOLERANCE_SECONDS) {
            signature.put("toleranceSeconds", tolerance);
        }
        Map<String, Object> hmac = ordered(withoutNulls(map(signatureView.get("hmac"))), HMAC_FIELDS);
        if (!hmac.isEmpty()) {
            signature.put("hmac", hmac);
        }
        body.put("signature", signature);
        Map<String, Object> event = new LinkedHashMap<>();
        map(view.get("event")).forEach((field, value) -> {
            boolean empty = value == null || value instanceof List<?> list && list.isEmpty();
            if (!empty) {
                event.put(field, value);
            }
        });
        if (event.get("rateLimit") instanceof Map<?, ?> rateLimit) {
            event.put("rateLimit", ordered(map(rateLimit), List.of("perSecond", "burst")));
        }
        if (!event.isEmpty()) {
            body.put("event", ordered(event, EVENT_FIELDS));
        }
        if (!"none".equals(signatureView.get("scheme"))) {
            body.put("secretsFromEnv", List.of(ConfigDirectory.suggestedVariable(id)));
        }
        return body;
    }

    /** {@code map} with the {@code order} keys first, in that order, then the others: files stay stable in git. */
    private static Map<String, Object> ordered(Map<String, Object> map, List<String> order) {
        Map<String, Object> copy = new LinkedHashMap<>();
        order.stream().filter(map::containsKey).forEach(key -> copy.put(key, map.get(key)));
        map.forEach(copy::putIfAbsent);
        return copy;
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (v != null) {
                copy.put(k, v);
            }
        });
        return copy;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
