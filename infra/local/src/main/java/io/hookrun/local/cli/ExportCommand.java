package io.hookrun.local.cli;

import io.hookrun.local.cli.HookrunCli.UsageException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code hookrun export <dir>}: writes what the admin API holds as the files {@code apply} reads
 * ({@link ConfigDirectory}): {@code workflows/<id>.json} (the current version's definition, pretty JSON) and
 * {@code triggers/<id>.json} (the settings, and {@code secretsFromEnv} naming a variable to fill, never a secret).
 * Ids come from {@code GET /admin/workflows} and {@code GET /admin/triggers} (every page); each resource is then read
 * by id, which is strongly consistent where the lists are not (ADR 0009). Retired workflows are left out: applied,
 * a file would bring them back. {@code apply} of an export against the same API changes nothing.
 */
final class ExportCommand {

    static final String USAGE = """
              export <dir>
                  Writes every workflow (current version, retired ones left out) as <dir>/workflows/<id>.json and
                  every trigger as <dir>/triggers/<id>.json (settings, "secretsFromEnv" naming a variable to set,
                  never a secret): the files apply reads. Overwrites those files; leaves others alone.
            """;

    private final CliContext context;

    ExportCommand(CliContext context) {
        this.context = context;
    }

    int run(List<String> args) throws IOException, InterruptedException {
        AdminOptions options = AdminOptions.take(args);
        if (args.size() != 1 || args.getFirst().startsWith("--")) {
            throw new UsageException("export takes one <dir> and options, got " + args);
        }
        Path dir = Path.of(args.getFirst());
        AdminClient admin = options.client(context.stackFile(), context.environment());

        List<String> problems = new ArrayList<>();
        Map<String, Object> workflows = new LinkedHashMap<>();
        for (String id : ids(admin, "workflows", problems)) {
            AdminClient.Answer answer = admin.get(AdminClient.path("admin", "workflows", id));
            if (!answer.ok()) {
                problems.add("reading workflow " + id + ": " + answer.problem());
            } else if (Boolean.TRUE.equals(answer.body().get("retired"))) {
                context.err().println("hookrun: workflow " + id + " is retired: left out");
            } else {
                workflows.put(id, answer.body());
            }
        }
        Map<String, Map<String, Object>> triggers = new LinkedHashMap<>();
        for (String id : ids(admin, "triggers", problems)) {
            AdminClient.Answer answer = admin.get(AdminClient.path("admin", "triggers", id));
            if (!answer.ok()) {
                problems.add("reading trigger " + id + ": " + answer.problem());
            } else {
                triggers.put(id, TriggerSettings.exportBody(id, answer.body()));
            }
        }
        for (String id : workflows.keySet()) {
            conflicts(dir, "workflows", id, problems);
        }
        for (String id : triggers.keySet()) {
            conflicts(dir, "triggers", id, problems);
        }
        if (!problems.isEmpty()) {
            if (options.json()) {
                context.out().println(JsonOutput.compact(Map.of("problems", problems, "failed", problems.size())));
            }
            problems.forEach(p -> context.err().println("hookrun: " + p));
            context.err().println("hookrun: nothing was written");
            return 1;
        }

        List<Map<String, Object>> written = new ArrayList<>();
        for (Map.Entry<String, Object> workflow : workflows.entrySet()) {
            Map<?, ?> view = (Map<?, ?>) workflow.getValue();
            Path file = write(dir.resolve("workflows"), workflow.getKey(), view.get("definition"));
            Map<String, Object> entry = entry("workflow", workflow.getKey(), dir, file);
            if (view.get("version") != null) {
                entry.put("version", view.get("version"));
            }
            written.add(entry);
        }
        for (Map.Entry<String, Map<String, Object>> trigger : triggers.entrySet()) {
            Path file = write(dir.resolve("triggers"), trigger.getKey(), trigger.getValue());
            Map<String, Object> entry = entry("trigger", trigger.getKey(), dir, file);
            if (trigger.getValue().get("secretsFromEnv") != null) {
                entry.put("secretsFromEnv", trigger.getValue().get("secretsFromEnv"));
            }
            written.add(entry);
        }
        if (options.json()) {
            context.out().println(JsonOutput.compact(Map.of("dir", dir.toString(), "written", written)));
        } else {
            written.forEach(w -> context.out().println("wrote " + w.get("file")));
        }
        context.out().flush();
        context.err().println("hookrun: exported " + workflows.size() + " workflows and " + triggers.size() + " triggers to "
                + dir + (triggers.isEmpty() ? "" : "; a trigger's secrets stay out: set the variables its secretsFromEnv"
                + " names before applying it elsewhere"));
        return 0;
    }

    /** Every id of a list ({@code GET /admin/<kind>}), following {@code nextToken}. */
    private List<String> ids(AdminClient admin, String kind, List<String> problems) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        String token = null;
        do {
            AdminClient.Answer page = admin.get("/admin/" + kind + AdminClient.query(List.of("limit", "100",
                    "nextToken", token == null ? "" : token)));
            if (!page.ok()) {
                problems.add("listing " + kind + ": " + page.problem());
                return ids;
            }
            RunsCommand.items(page.body()).forEach(item -> {
                if (item.get("id") != null) {
                    ids.add(item.get("id").toString());
                }
            });
            token = page.text("nextToken");
        } while (token != null);
        return ids;
    }

    /** A {@code <id>.yaml} or {@code .yml} beside the {@code <id>.json} about to be written would make apply refuse both. */
    private static void conflicts(Path dir, String sub, String id, List<String> problems) {
        for (String extension : List.of(".yaml", ".yml")) {
            if (Files.exists(dir.resolve(sub).resolve(id + extension))) {
                problems.add(sub + "/" + id + extension + " exists: export writes " + sub + "/" + id + ".json, and apply"
                        + " refuses two files of one id; move it away first");
            }
        }
    }

    private static Path write(Path folder, String id, Object json) throws IOException {
        Files.createDirectories(folder);
        return Files.writeString(folder.resolve(id + ".json"), JsonOutput.pretty(json), StandardCharsets.UTF_8);
    }

    private static Map<String, Object> entry(String kind, String id, Path dir, Path file) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("kind", kind);
        entry.put("id", id);
        entry.put("file", file.toString());
        return entry;
    }
}
