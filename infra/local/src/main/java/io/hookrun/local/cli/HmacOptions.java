package io.hookrun.local.cli;

import io.hookrun.core.signature.HmacSettings;
import io.hookrun.local.cli.HookrunCli.UsageException;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The settings of the {@code hmac} scheme for {@code hookrun send}: {@code --hmac-settings '<json>'} takes the same
 * object as a trigger's {@code signature.hmac} in the admin API (so one can be pasted into the other), and each
 * {@code --hmac-<field>} option sets or overrides one field ({@code --hmac-delivery-id-header X-Delivery-Id}).
 */
final class HmacOptions {

    /** The fields of {@code signature.hmac}, as the admin API names them, with their command-line option. */
    private static final Map<String, String> OPTIONS = Map.of(
            "header", "--hmac-header", "prefix", "--hmac-prefix", "encoding", "--hmac-encoding",
            "algorithm", "--hmac-algorithm", "signed", "--hmac-signed", "separator", "--hmac-separator",
            "timestampHeader", "--hmac-timestamp-header", "deliveryIdHeader", "--hmac-delivery-id-header",
            "deliveryIdPointer", "--hmac-delivery-id-pointer", "eventTypeHeader", "--hmac-event-type-header");
    static final String USAGE_FIELDS = "--hmac-header H [--hmac-prefix P] [--hmac-encoding hex|base64]"
            + " [--hmac-algorithm sha256|sha512] [--hmac-signed body|timestamp-body] [--hmac-separator S]"
            + " [--hmac-timestamp-header H] [--hmac-delivery-id-header H | --hmac-delivery-id-pointer /ptr]"
            + " [--hmac-event-type-header H]";
    private static final JsonMapper JSON = JsonMapper.createDefault();

    private HmacOptions() {
    }

    /**
     * Removes the {@code --hmac-*} options from {@code args}; the settings they give, or null when none was given.
     * Left out, encoding, algorithm and what is signed are hex, SHA-256 and the body alone.
     */
    static HmacSettings take(List<String> args) {
        Map<String, String> fields = new HashMap<>(json(HookrunCli.option(args, "--hmac-settings", null)));
        OPTIONS.forEach((field, option) -> {
            String value = HookrunCli.option(args, option, null);
            if (value != null) {
                fields.put(field, value);
            }
        });
        if (fields.isEmpty()) {
            return null;
        }
        if (fields.get("header") == null || fields.get("header").isBlank()) {
            throw new UsageException("the hmac scheme needs the signature's header: --hmac-header <name>"
                    + " (or \"header\" in --hmac-settings)");
        }
        return new HmacSettings(fields.get("header"), fields.get("prefix"),
                choice(fields.getOrDefault("encoding", "hex"), "encoding", HmacSettings.Encoding.class),
                choice(fields.getOrDefault("algorithm", "sha256"), "algorithm", HmacSettings.Algorithm.class),
                choice(fields.getOrDefault("signed", "body"), "signed", HmacSettings.Signed.class),
                fields.get("separator"), fields.get("timestampHeader"), fields.get("deliveryIdHeader"),
                fields.get("deliveryIdPointer"), fields.get("eventTypeHeader"));
    }

    private static Map<String, String> json(String text) {
        if (text == null) {
            return Map.of();
        }
        Map<String, Object> values;
        try {
            values = JSON.readValue(text.getBytes(StandardCharsets.UTF_8), Argument.mapOf(String.class, Object.class));
        } catch (IOException | RuntimeException e) {
            throw new UsageException("--hmac-settings takes a JSON object, as a trigger's signature.hmac");
        }
        Map<String, String> fields = new HashMap<>();
        values.forEach((field, value) -> {
            if (!OPTIONS.containsKey(field)) {
                throw new UsageException("--hmac-settings has an unknown field '" + field + "'; the fields are "
                        + OPTIONS.keySet().stream().sorted().toList());
            }
            if (value != null) {
                fields.put(field, value.toString());
            }
        });
        return fields;
    }

    /** {@code timestamp-body}, {@code TIMESTAMP_BODY}, {@code sha512}: the enum constant, whatever the case. */
    private static <E extends Enum<E>> E choice(String text, String field, Class<E> type) {
        String name = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(name)) {
                return constant;
            }
        }
        throw new UsageException("hmac " + field + " takes one of " + List.of(type.getEnumConstants()).stream()
                .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList() + ", not '" + text + "'");
    }
}
