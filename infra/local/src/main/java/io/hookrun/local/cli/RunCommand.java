package io.hookrun.local.cli;

import io.hookrun.local.cli.HookrunCli.UsageException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * {@code hookrun run <runId> [--frame F]}: one run as a timeline ({@link RunTimeline}) from
 * {@code GET /admin/runs/{id}[?frame=]}; with {@code --output json}, the API's JSON as it came.
 */
final class RunCommand {

    static final String USAGE = """
              run <runId> [--frame root|<frame>]
                  One run as a timeline: status, workflow@version, trigger, event, times, input, output or error;
                  then each state execution with its start offset, duration, status, attempts, retries and error,
                  Map and Parallel branches indented under their state. --frame root shows the main chain only,
                  --frame 3.12 one branch (as the API's ?frame=). Colours only on a terminal, never with NO_COLOR.
            """;

    private final CliContext context;

    RunCommand(CliContext context) {
        this.context = context;
    }

    int run(List<String> args) throws IOException, InterruptedException {
        AdminOptions options = AdminOptions.take(args);
        String frame = HookrunCli.option(args, "--frame", null);
        if (args.size() != 1 || args.getFirst().startsWith("--")) {
            throw new UsageException("run takes one <runId> and options, got " + args);
        }
        AdminClient admin = options.client(context.stackFile(), context.environment());
        AdminClient.Answer answer = admin.get(AdminClient.path("admin", "runs", args.getFirst())
                + AdminClient.query(Map.of("frame", frame == null ? "" : frame)));
        if (!answer.ok()) {
            if (options.json()) {
                context.out().println(JsonOutput.compact(answer.problemJson()));
            }
            context.err().println("hookrun: run " + args.getFirst() + ": " + answer.problem()
                    + (answer.status() == 404 ? " (a run just started appears once its first step is taken)" : ""));
            return 1;
        }
        if (options.json()) {
            context.out().println(new String(answer.raw(), StandardCharsets.UTF_8).strip());
        } else {
            context.out().print(new RunTimeline(context).render(answer.body()));
        }
        context.out().flush();
        return 0;
    }
}
