package io.hookrun.local.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Configuration as code (ADR 0009): {@code <dir>/workflows/<id>.json|.yaml|.yml} (an ASL definition) and
 * {@code <dir>/triggers/<id>.json|.yaml|.yml} (the admin API's trigger body, secrets left out:
 * {@code "secretsFromEnv": ["NAME", ...]} names the environment variables that hold them). The file name without its
 * extension is the resource's id. Everything is read and checked before anything is sent: a problem in any file
 * means nothing is written. No problem quotes a value from a trigger file: a secret may have been pasted anywhere.
 */
final class ConfigDirectory {

    /** The ids the admin API accepts (functions/admin {@code ResourceIds}). */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    /** An environment variable name (POSIX: letters, digits, underscore, not starting with a digit). */
    static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    static final Set<String> TRIGGER_FIELDS = Set.of("workflowId", "signature", "event", "enabled", "secretsFromEnv");
    private static final List<String> EXTENSIONS = List.of(".json", ".yaml", ".yml");

    /** A workflow file: the definition as parsed JSON. */
    record WorkflowFile(String id, Path path, Map<String, Object> definition) {
    }

    /**
     * A trigger file.
     *
     * @param body           the trigger's PUT body without {@code secretsFromEnv} (and never with secrets)
     * @param secretsFromEnv the names of the environment variables holding its secrets, newest first
     */
    record TriggerFile(String id, Path path, Map<String, Object> body, List<String> secretsFromEnv) {
    }

    /** What a directory holds; {@code problems} empty when everything may be applied. */
    record Contents(List<WorkflowFile> workflows, List<TriggerFile> triggers, List<String> problems, List<String> notes) {
    }

    private ConfigDirectory() {
    }

    static Contents read(Path dir) throws IOException {
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            problems.add(dir + " is not a directory");
            return new Contents(List.of(), List.of(), problems, notes);
        }
        Map<String, Path> workflowPaths = files(dir, "workflows", problems, notes);
        Map<String, Path> triggerPaths = files(dir, "triggers", problems, notes);
        if (!Files.isDirectory(dir.resolve("workflows")) && !Files.isDirectory(dir.resolve("triggers"))) {
            problems.add(dir + " has neither workflows/ nor triggers/: nothing to apply");
        }
        List<WorkflowFile> workflows = new ArrayList<>();
        workflowPaths.forEach((id, path) -> {
            Object content = parse(dir, path, problems, false);
            if (content instanceof Map<?, ?> map) {
                workflows.add(new WorkflowFile(id, path, cast(map)));
            } else if (content != null) {
                problems.add(dir.relativize(path) + ": a workflow file holds one JSON object (the ASL definition)");
            }
        });
        List<TriggerFile> triggers = new ArrayList<>();
        triggerPaths.forEach((id, path) -> {
            Object content = parse(dir, path, problems, true);
            if (content instanceof Map<?, ?> map) {
                TriggerFile trigger = trigger(id, path, cast(map), dir.relativize(path).toString(), problems);
                if (trigger != null) {
                    triggers.add(trigger);
                }
            } else if (content != null) {
                problems.add(dir.relativize(path) + ": a trigger file holds one JSON object (the admin API's trigger body)");
            }
        });
        return new Contents(List.copyOf(workflows), List.copyOf(triggers), List.copyOf(problems), List.copyOf(notes));
    }

    /** {@code <id>} to its file in {@code dir/sub}, sorted by id; a problem for a bad name or two files of one id. */
    private static Map<String, Path> files(Path dir, String sub, List<String> problems, List<String> notes) throws IOException {
        Map<String, Path> files = new TreeMap<>();
        Path folder = dir.resolve(sub);
        if (!Files.isDirectory(folder)) {
            return files;
        }
        List<Path> paths;
        try (Stream<Path> listed = Files.list(folder)) {
            paths = listed.sorted().toList();
        }
        for (Path path : paths) {
            String name = path.getFileName().toString();
            String extension = EXTENSIONS.stream().filter(e -> name.toLowerCase(Locale.ROOT).endsWith(e)).findFirst().orElse(null);
            if (name.startsWith(".") || !Files.isRegularFile(path)) {
                continue;
            }
            if (extension == null) {
                notes.add("skipped " + sub + "/" + name + " (not .json, .yaml or .yml)");
                continue;
            }
            String id = name.substring(0, name.length() - extension.length());
            if (!ID.matcher(id).matches()) {
                problems.add(sub + "/" + name + ": '" + id + "' is not a valid id (1-128 letters, digits, '_', '.', '-',"
                        + " starting with a letter or digit): the file name without its extension is the id");
                continue;
            }
            Path other = files.put(id, path);
            if (other != null) {
                problems.add(sub + "/" + name + " and " + sub + "/" + other.getFileName() + " both define " + id
                        + ": keep one");
            }
        }
        return files;
    }

    private static Object parse(Path dir, Path path, List<String> problems, boolean mayHoldSecrets) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            String text = Files.readString(path, StandardCharsets.UTF_8);
            return name.endsWith(".json") ? JsonOutput.parse(text.getBytes(StandardCharsets.UTF_8)) : ConfigYaml.read(text);
        } catch (IOException | RuntimeException e) {
            // A parser's message may quote the text around the mistake: not for a file that may hold a secret.
            problems.add(dir.relativize(path) + ": not valid " + (name.endsWith(".json") ? "JSON" : "YAML")
                    + (mayHoldSecrets ? "" : " (" + firstLine(e.getMessage()) + ")"));
            return null;
        }
    }

    private static TriggerFile trigger(String id, Path path, Map<String, Object> content, String file, List<String> problems) {
        int before = problems.size();
        for (String field : content.keySet()) {
            if (!TRIGGER_FIELDS.contains(field)) {
                problems.add(file + ": unknown field '" + field + "'; a trigger file has " + List.of("workflowId",
                        "signature", "event", "enabled", "secretsFromEnv"));
            }
        }
        secrets(content, "", file, problems);
        List<String> variables = new ArrayList<>();
        Object names = content.get("secretsFromEnv");
        if (names != null) {
            if (!(names instanceof List<?> list) || list.stream().anyMatch(n -> !(n instanceof String s) || !VARIABLE.matcher(s).matches())) {
                problems.add(file + ": secretsFromEnv lists environment variable names, e.g. [\"GITHUB_WEBHOOK_SECRET\"]");
            } else {
                list.forEach(n -> variables.add((String) n));
            }
        }
        if (!(content.get("workflowId") instanceof String)) {
            problems.add(file + ": workflowId (the workflow the trigger runs) is required");
        }
        if (problems.size() > before) {
            return null;
        }
        Map<String, Object> body = new LinkedHashMap<>(content);
        body.remove("secretsFromEnv");
        return new TriggerFile(id, path, body, List.copyOf(variables));
    }

    /**
     * A field named {@code secret} or {@code secrets} anywhere (but in {@code event.schema}, a JSON Schema whose
     * properties may be called so), or a string in a secret's format ({@code whsec_}, {@code whsk_}): refused, named by
     * where it is, never by its value.
     */
    private static void secrets(Object value, String at, String file, List<String> problems) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                String key = String.valueOf(k);
                String here = at.isEmpty() ? key : at + "." + key;
                if (here.equals("event.schema")) {
                    return;
                }
                if (key.equalsIgnoreCase("secret") || key.equalsIgnoreCase("secrets")) {
                    problems.add(file + ": " + here + " holds secret values; secrets never go in these files: name the"
                            + " environment variables that hold them, \"secretsFromEnv\": [\"" + suggestedVariable(fileId(file))
                            + "\"]");
                } else {
                    secrets(v, here, file, problems);
                }
            });
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                secrets(list.get(i), at + "[" + i + "]", file, problems);
            }
        } else if (value instanceof String s && (s.startsWith("whsec_") || s.startsWith("whsk_"))) {
            problems.add(file + ": " + at + " looks like a secret (whsec_/whsk_); secrets never go in these files:"
                    + " use secretsFromEnv");
        }
    }

    /** {@code github-push} to {@code GITHUB_PUSH_WEBHOOK_SECRET}: the variable {@code export} suggests for a trigger. */
    static String suggestedVariable(String triggerId) {
        String name = triggerId.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_").replaceAll("^_+|_+$", "");
        return (name.isEmpty() || Character.isDigit(name.charAt(0)) ? "HOOKRUN_" : "") + name + "_WEBHOOK_SECRET";
    }

    private static String fileId(String file) {
        String name = Path.of(file).getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String line = message.lines().findFirst().orElse(message);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
