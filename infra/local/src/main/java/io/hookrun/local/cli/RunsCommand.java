package io.hookrun.local.cli;

import io.hookrun.local.cli.HookrunCli.UsageException;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code hookrun runs [--trigger T] [--workflow W] [--status S] [--since 1h|<ISO>] [--until ...] [--limit N | --all]
 * [--next-token T]}: the runs, newest first, as a table ({@code GET /admin/runs}, following {@code nextToken} until
 * {@code --limit} runs are shown, or every page with {@code --all}). When more runs exist, stderr says how to see them.
 */
final class RunsCommand {

    static final String USAGE = """
              runs [--trigger T] [--workflow W] [--status S] [--since 1h|30m|2d|<ISO instant>] [--until ...]
                   [--limit N | --all] [--next-token <token>]
                  The runs, newest first: run id, status, workflow@version, trigger, created, duration (creation to
                  end, queue time included). Shows --limit runs (20 by default) or every one with --all; when more
                  exist, says how to see the next page.
            """;

    /** The API's own page size limit (ADR 0009: 1..100). */
    static final int PAGE = 100;

    private final CliContext context;

    RunsCommand(CliContext context) {
        this.context = context;
    }

    int run(List<String> args) throws IOException, InterruptedException {
        AdminOptions options = AdminOptions.take(args);
        Instant now = context.clock().instant();
        String trigger = HookrunCli.option(args, "--trigger", null);
        String workflow = HookrunCli.option(args, "--workflow", null);
        String status = HookrunCli.option(args, "--status", null);
        String since = HookrunCli.option(args, "--since", null);
        String until = HookrunCli.option(args, "--until", null);
        String limitText = HookrunCli.option(args, "--limit", null);
        String nextToken = HookrunCli.option(args, "--next-token", null);
        boolean all = HookrunCli.flag(args, "--all");
        if (!args.isEmpty()) {
            throw new UsageException("runs takes only options, got " + args);
        }
        if (all && limitText != null) {
            throw new UsageException("give --limit or --all, not both");
        }
        int limit = limitText == null ? 20 : HookrunCli.number(limitText, "--limit", 1, 100_000);
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("triggerId", trigger);
        filters.put("workflowId", workflow);
        filters.put("status", status == null ? null : status.toUpperCase(Locale.ROOT));
        filters.put("from", since == null ? null : Times.instant(since, "--since", now).toString());
        filters.put("to", until == null ? null : Times.instant(until, "--until", now).toString());

        AdminClient admin = options.client(context.stackFile(), context.environment());
        List<Map<String, Object>> runs = new ArrayList<>();
        String token = nextToken;
        do {
            int page = all ? PAGE : Math.min(PAGE, limit - runs.size());
            Map<String, String> query = new LinkedHashMap<>(filters);
            query.put("limit", Integer.toString(page));
            query.put("nextToken", token);
            AdminClient.Answer answer = admin.get("/admin/runs" + AdminClient.query(query));
            if (!answer.ok()) {
                return failed(options, answer);
            }
            runs.addAll(items(answer.body()));
            token = answer.text("nextToken");
        } while (token != null && (all || runs.size() < limit));

        if (options.json()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("items", runs);
            if (token != null) {
                result.put("nextToken", token);
            }
            context.out().println(JsonOutput.compact(result));
        } else {
            print(runs);
            if (token != null) {
                context.err().println("hookrun: more runs: add --next-token " + token + " to see the next " + limit
                        + ", or --all for every one");
            }
        }
        context.out().flush();
        return 0;
    }

    private int failed(AdminOptions options, AdminClient.Answer answer) {
        if (options.json()) {
            context.out().println(JsonOutput.compact(answer.problemJson()));
        }
        context.err().println("hookrun: listing runs: " + answer.problem());
        return 1;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> items(Map<String, Object> page) {
        return page.get("items") instanceof List<?> items
                ? items.stream().filter(Map.class::isInstance).map(i -> (Map<String, Object>) i).toList() : List.of();
    }

    private void print(List<Map<String, Object>> runs) {
        if (runs.isEmpty()) {
            context.err().println("hookrun: no runs match");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        for (Map<String, Object> run : runs) {
            rows.add(new String[]{text(run.get("runId")), text(run.get("status")), workflow(run), text(run.get("triggerId")),
                    created(run), duration(run)});
        }
        int[] widths = {6, 6, 8, 7, 7, 8};
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        context.out().println(line(new String[]{"RUN ID", "STATUS", "WORKFLOW", "TRIGGER", "CREATED", "DURATION"}, widths, false));
        rows.forEach(row -> context.out().println(line(row, widths, true)));
    }

    private String line(String[] cells, int[] widths, boolean colour) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            boolean last = i == cells.length - 1;
            if (i == 1 && colour) {
                b.append(context.status(cells[i], widths[i]));
            } else {
                b.append(last ? cells[i] : String.format("%-" + widths[i] + "s", cells[i]));
            }
            if (!last) {
                b.append("  ");
            }
        }
        return b.toString();
    }

    /** {@code order-flow@3}; the version is left out when the API does not give one. */
    static String workflow(Map<String, Object> run) {
        Object version = run.get("workflowVersion");
        return text(run.get("workflowId")) + (version == null ? "" : "@" + version);
    }

    private static String created(Map<String, Object> run) {
        Instant created = Times.parse(run.get("createdAt"));
        return created == null ? "-" : Times.instant(created);
    }

    /**
     * The run's duration: {@code durationMs} when the API gives it (a run view: start to end), else from its start, or
     * its creation when no start is given (a list's summary: so queue time included), to its end; {@code -} while it
     * has not ended.
     */
    static String duration(Map<String, Object> run) {
        if (run.get("durationMs") instanceof Number ms) {
            return Times.duration(ms.longValue());
        }
        Instant start = Times.parse(run.getOrDefault("startedAt", run.get("createdAt")));
        Long ms = Times.between(start, Times.parse(run.get("finishedAt")));
        return ms == null ? "-" : Times.duration(ms);
    }

    private static String text(Object value) {
        return value == null ? "-" : value.toString();
    }
}
