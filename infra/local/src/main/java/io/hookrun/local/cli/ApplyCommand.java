package io.hookrun.local.cli;

import io.hookrun.local.cli.ConfigDirectory.Contents;
import io.hookrun.local.cli.ConfigDirectory.TriggerFile;
import io.hookrun.local.cli.ConfigDirectory.WorkflowFile;
import io.hookrun.local.cli.HookrunCli.UsageException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code hookrun apply <dir> [--dry-run] [--rotate-secrets]}: makes the admin API hold what the files of
 * {@link ConfigDirectory} say. Every file is read and checked, and every resource read from the API ({@code GET}),
 * before anything is written; then only what differs is {@code PUT}, workflows before triggers (a trigger names its
 * workflow). A workflow is compared as parsed JSON, so a change of layout makes no new version; a trigger on its
 * settings ({@link TriggerSettings}), secrets aside. A trigger's secrets (the values of its {@code secretsFromEnv}
 * variables) are sent when it is created; with {@code --rotate-secrets}, an existing trigger is rotated to the first
 * one ({@code POST /admin/triggers/{id}/secrets}; the stored ones keep verifying for the API's overlap).
 */
final class ApplyCommand {

    static final String USAGE = """
              apply <dir> [--dry-run] [--rotate-secrets]
                  Configuration as code: <dir>/workflows/<id>.json|.yaml|.yml (ASL) and <dir>/triggers/<id>.json|.yaml
                  (the trigger body of the admin API, secrets never: "secretsFromEnv": ["GITHUB_WEBHOOK_SECRET"] names
                  the environment variables holding them). Creates or updates only what differs (workflows first),
                  sends a trigger's secrets when it is created, rotates them with --rotate-secrets. --dry-run prints
                  the plan (create, update with the fields, unchanged) and writes nothing. Exit status 1 if anything
                  failed.
            """;

    /** What {@code apply} does, or did, to one resource. */
    record Change(String kind, String id, String action, List<String> fields, boolean rotate, String result,
                  Integer version, Map<String, Object> problem) {

        Change with(String newResult, Integer newVersion, Map<String, Object> newProblem) {
            return new Change(kind, id, action, fields, rotate, newResult, newVersion, newProblem);
        }

        String describe() {
            return action + " " + kind + " " + id + (fields.isEmpty() ? "" : ": " + String.join(", ", fields))
                    + (rotate ? (action.equals("unchanged") ? ", rotate its secrets" : " and rotate its secrets") : "");
        }

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("kind", kind);
            json.put("id", id);
            json.put("action", action);
            if (!fields.isEmpty()) {
                json.put("fields", fields);
            }
            if (rotate) {
                json.put("rotateSecrets", true);
            }
            json.put("result", result);
            if (version != null) {
                json.put("version", version);
            }
            if (problem != null) {
                json.put("problem", problem);
            }
            return json;
        }
    }

    private final CliContext context;

    ApplyCommand(CliContext context) {
        this.context = context;
    }

    int run(List<String> args) throws IOException, InterruptedException {
        AdminOptions options = AdminOptions.take(args);
        boolean dryRun = HookrunCli.flag(args, "--dry-run");
        boolean rotate = HookrunCli.flag(args, "--rotate-secrets");
        if (args.size() != 1 || args.getFirst().startsWith("--")) {
            throw new UsageException("apply takes one <dir> and options, got " + args);
        }
        Path dir = Path.of(args.getFirst());
        Contents contents = ConfigDirectory.read(dir);
        contents.notes().forEach(note -> context.err().println("hookrun: " + note));
        if (!contents.problems().isEmpty()) {
            return refused(options, contents.problems(), "nothing was applied: the files have problems");
        }
        AdminClient admin = options.client(context.stackFile(), context.environment());

        // 1. The plan: every resource read before anything is written.
        List<Change> changes = new ArrayList<>();
        Map<String, Change> failedReads = new LinkedHashMap<>();
        for (WorkflowFile workflow : contents.workflows()) {
            AdminClient.Answer current = admin.get(AdminClient.path("admin", "workflows", workflow.id()));
            changes.add(planWorkflow(workflow, current));
        }
        Map<String, TriggerFile> triggerFiles = new LinkedHashMap<>();
        for (TriggerFile trigger : contents.triggers()) {
            triggerFiles.put(trigger.id(), trigger);
            AdminClient.Answer current = admin.get(AdminClient.path("admin", "triggers", trigger.id()));
            changes.add(planTrigger(trigger, current, rotate));
        }
        for (Change change : changes) {
            if (change.result().equals("failed")) {
                failedReads.put(change.kind() + " " + change.id(), change);
            }
        }
        List<String> problems = secretProblems(changes, triggerFiles);
        if (!failedReads.isEmpty() || !problems.isEmpty()) {
            failedReads.values().forEach(c -> problems.add("reading " + c.kind() + " " + c.id() + ": " + problem(c.problem())));
            return refused(options, problems, "nothing was applied");
        }
        if (dryRun) {
            report(options, changes, true);
            context.err().println("hookrun: dry run: nothing was written");
            return 0;
        }

        // 2. Writing: workflows first (changes holds them first), then triggers.
        List<Change> done = new ArrayList<>();
        for (Change change : changes) {
            done.add(switch (change.kind()) {
                case "workflow" -> writeWorkflow(admin, change, contents.workflows());
                default -> writeTrigger(admin, change, triggerFiles.get(change.id()));
            });
        }
        return report(options, done, false);
    }

    private static Change planWorkflow(WorkflowFile file, AdminClient.Answer current) {
        if (current.status() == 404) {
            return new Change("workflow", file.id(), "create", List.of(), false, "planned", null, null);
        }
        if (!current.ok()) {
            return new Change("workflow", file.id(), "read", List.of(), false, "failed", null, current.problemJson());
        }
        List<String> fields = new ArrayList<>();
        if (!Objects.equals(JsonOutput.comparable(file.definition()), JsonOutput.comparable(current.body().get("definition")))) {
            fields.add("definition");
        }
        if (Boolean.TRUE.equals(current.body().get("retired"))) {
            fields.add("retired (a new version brings it back)");
        }
        return new Change("workflow", file.id(), fields.isEmpty() ? "unchanged" : "update", fields, false, "planned",
                fields.isEmpty() ? number(current.body().get("version")) : null, null);
    }

    private static Change planTrigger(TriggerFile file, AdminClient.Answer current, boolean rotate) {
        if (current.status() == 404) {
            return new Change("trigger", file.id(), "create", List.of(), false, "planned", null, null);
        }
        if (!current.ok()) {
            return new Change("trigger", file.id(), "read", List.of(), false, "failed", null, current.problemJson());
        }
        List<String> fields = TriggerSettings.differences(TriggerSettings.of(file.body(), file.body().containsKey("enabled")),
                TriggerSettings.of(current.body(), file.body().containsKey("enabled")));
        return new Change("trigger", file.id(), fields.isEmpty() ? "unchanged" : "update", fields,
                rotate && !file.secretsFromEnv().isEmpty(), "planned", null, null);
    }

    /** The variables a create or rotation needs and the environment lacks; named, never their values. */
    private List<String> secretProblems(List<Change> changes, Map<String, TriggerFile> files) {
        List<String> problems = new ArrayList<>();
        for (Change change : changes) {
            if (!change.kind().equals("trigger")) {
                continue;
            }
            TriggerFile file = files.get(change.id());
            boolean creates = change.action().equals("create");
            if (creates && file.secretsFromEnv().isEmpty() && !"none".equals(scheme(file))) {
                problems.add("trigger " + change.id() + ": creating it needs its secrets: name the environment variables"
                        + " that hold them in \"secretsFromEnv\" (scheme none takes none)");
            }
            List<String> needed = creates ? file.secretsFromEnv() : change.rotate() ? file.secretsFromEnv().subList(0, 1) : List.of();
            for (String variable : needed) {
                String value = context.environment().apply(variable);
                if (value == null || value.isBlank()) {
                    problems.add("trigger " + change.id() + ": the environment variable " + variable + " is not set"
                            + " (it holds the trigger's secret)");
                }
            }
        }
        return problems;
    }

    private Change writeWorkflow(AdminClient admin, Change change, List<WorkflowFile> files) throws IOException, InterruptedException {
        if (change.action().equals("unchanged")) {
            return change.with("unchanged", change.version(), null);
        }
        WorkflowFile file = files.stream().filter(f -> f.id().equals(change.id())).findFirst().orElseThrow();
        AdminClient.Answer answer = admin.sendJson("PUT", AdminClient.path("admin", "workflows", file.id()), file.definition());
        return answer.ok() ? change.with("done", number(answer.body().get("version")), null)
                : change.with("failed", null, answer.problemJson());
    }

    private Change writeTrigger(AdminClient admin, Change change, TriggerFile file) throws IOException, InterruptedException {
        Change result = change.with(change.action().equals("unchanged") ? "unchanged" : "done", null, null);
        if (!change.action().equals("unchanged")) {
            Map<String, Object> body = new LinkedHashMap<>(file.body());
            if (change.action().equals("create") && !file.secretsFromEnv().isEmpty()) {
                Map<String, Object> signature = new LinkedHashMap<>(TriggerSettings.map(body.get("signature")));
                signature.put("secrets", file.secretsFromEnv().stream().map(v -> context.environment().apply(v).trim()).toList());
                body.put("signature", signature);
            }
            AdminClient.Answer answer = admin.sendJson("PUT", AdminClient.path("admin", "triggers", file.id()), body);
            if (!answer.ok()) {
                return change.with("failed", null, answer.problemJson());
            }
        }
        if (change.rotate()) {
            String secret = context.environment().apply(file.secretsFromEnv().getFirst()).trim();
            AdminClient.Answer answer = admin.sendJson("POST", AdminClient.path("admin", "triggers", file.id(), "secrets"),
                    Map.of("secret", secret));
            // The answer holds the secret (201 {"secret": ...}): only its status is looked at.
            if (!answer.ok()) {
                return change.with("failed", null, answer.problemJson());
            }
            return change.with("done", null, null);
        }
        return result;
    }

    private int report(AdminOptions options, List<Change> changes, boolean dryRun) {
        long failed = changes.stream().filter(c -> c.result().equals("failed")).count();
        if (options.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("dryRun", dryRun);
            json.put("changes", changes.stream().map(Change::json).toList());
            json.put("failed", failed);
            context.out().println(JsonOutput.compact(json));
        } else {
            for (Change change : changes) {
                String line = change.describe();
                if (change.result().equals("failed")) {
                    line += "  FAILED: " + problem(change.problem());
                } else if (change.result().equals("done") && change.version() != null) {
                    line += "  (version " + change.version() + ")";
                }
                context.out().println(line);
            }
        }
        context.out().flush();
        if (!dryRun) {
            context.err().println("hookrun: " + count(changes, "create") + " created, " + count(changes, "update")
                    + " updated, " + count(changes, "unchanged") + " unchanged, " + failed + " failed");
        }
        return failed > 0 ? 1 : 0;
    }

    private int refused(AdminOptions options, List<String> problems, String summary) {
        if (options.json()) {
            context.out().println(JsonOutput.compact(Map.of("problems", problems, "failed", problems.size())));
        }
        problems.forEach(p -> context.err().println("hookrun: " + p));
        context.err().println("hookrun: " + summary);
        return 1;
    }

    private static long count(List<Change> changes, String action) {
        return changes.stream().filter(c -> c.action().equals(action) && !c.result().equals("failed")).count();
    }

    private static String problem(Map<String, Object> problem) {
        if (problem == null) {
            return "";
        }
        StringBuilder b = new StringBuilder().append(problem.getOrDefault("title", "HTTP " + problem.get("status")));
        if (problem.get("detail") != null) {
            b.append(": ").append(problem.get("detail"));
        }
        if (problem.get("problems") instanceof List<?> list) {
            list.forEach(p -> b.append("; ").append(p));
        }
        return b.toString();
    }

    private static String scheme(TriggerFile file) {
        return String.valueOf(TriggerSettings.map(file.body().get("signature")).get("scheme"));
    }

    private static Integer number(Object value) {
        return value instanceof Number n ? n.intValue() : null;
    }
}
