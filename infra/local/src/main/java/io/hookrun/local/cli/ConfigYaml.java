package io.hookrun.local.cli;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * YAML configuration files read as the JSON they stand for. SnakeYAML speaks YAML 1.1, whose implicit types would
 * change what a workflow says: {@code on}/{@code no} become booleans, {@code 12:30} the number 750 (base 60),
 * {@code 0755} an octal number, {@code 2026-12-01} a date. Here only the types JSON has are implicit (YAML 1.2's JSON
 * schema): {@code true}/{@code false}, {@code null}/{@code ~}/empty, decimal integers and floats; everything else
 * stays a string. Only plain data is built ({@link SafeConstructor}): no tags naming Java classes.
 */
final class ConfigYaml {

    private static final Pattern JSON_BOOL = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");
    private static final Pattern JSON_INT = Pattern.compile("^[-+]?(?:0|[1-9][0-9]*)$");
    private static final Pattern JSON_FLOAT = Pattern.compile("^[-+]?(?:0|[1-9][0-9]*)(?:\\.[0-9]+(?:[eE][-+]?[0-9]+)?|[eE][-+]?[0-9]+)$");
    private static final Pattern JSON_NULL = Pattern.compile("^(?:~|null|Null|NULL)$");

    private ConfigYaml() {
    }

    /**
     * The one document of {@code text} as JSON values (maps with string keys, lists, strings, numbers, booleans,
     * null); an {@link IllegalArgumentException} saying what is wrong otherwise.
     */
    static Object read(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(50);
        Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(),
                options, new JsonTypes());
        Iterator<Object> documents = yaml.loadAll(text).iterator();
        if (!documents.hasNext()) {
            throw new IllegalArgumentException("the file is empty");
        }
        Object document = documents.next();
        if (documents.hasNext()) {
            throw new IllegalArgumentException("the file holds more than one YAML document (---)");
        }
        return json(document);
    }

    private static Object json(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), json(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(json(v)));
            return copy;
        }
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        throw new IllegalArgumentException("a value of YAML type " + value.getClass().getSimpleName()
                + " has no JSON form (binary, set?)");
    }

    /** Implicit types: JSON's only (the patterns are named JSON_*: Resolver's own BOOL, INT... would shadow them here). */
    private static final class JsonTypes extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, JSON_BOOL, "tTfF", 10);
            addImplicitResolver(Tag.INT, JSON_INT, "-+0123456789");
            addImplicitResolver(Tag.FLOAT, JSON_FLOAT, "-+0123456789.");
            addImplicitResolver(Tag.NULL, JSON_NULL, "~nN\0", 10);
            addImplicitResolver(Tag.NULL, Resolver.EMPTY, null, 10);
            addImplicitResolver(Tag.MERGE, Resolver.MERGE, "<", 10);
        }
    }
}
