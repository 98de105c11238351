package io.hookrun.local.cli;

import io.hookrun.local.admin.LocalStackFile;
import io.hookrun.local.cli.HookrunCli.UsageException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code hookrun start <workflowId> [--input '<json>' | --input-file <path>] [--name <name>] [--wait [--timeout <s>]]}:
 * starts a run of a workflow through the admin API of the running {@code hookrun local}
 * ({@code POST /admin/workflows/{id}/runs}), prints its run id, and with {@code --wait} follows it until it ends.
 *
 * <p>stdout holds the results only, one per line: the run id; with {@code --wait}, then the final status and the run's
 * output (SUCCEEDED) or its error and cause (FAILED) as one line of JSON. Progress goes to stderr. A named start is
 * safe to repeat, so this command retries it when the API says to (another copy in flight, SQS unavailable); an
 * unnamed one is sent once.
 */
final class StartCommand {

    static final String USAGE = """
              start <workflowId> [--input '<json>' | --input-file <path>] [--name <name>] [--wait [--timeout <s>]]
                  Starts a run of the workflow through the admin API of the running ./hookrun local, with the JSON
                  as the run's input ({} without one; --input-file - reads stdin). A --name makes the start
                  idempotent (StartExecution's rules): the same name and input name the same run. Prints the run id;
                  with --wait, follows the run and prints its final status and output (or error and cause), exit
                  status 1 when it FAILED. --output json prints the API's answer instead (with --wait, the final run).
            """;

    /** How often {@code --wait} reads the run. */
    static final Duration POLL = Duration.ofMillis(500);
    /** Named starts the API asks to retry (409 in progress, 503) are retried this many times. */
    private static final int MAX_RETRIES = 5;

    private final PrintStream out;
    private final PrintStream err;
    private final Path stackFile;
    private final Function<String, String> environment;

    /**
     * @param stackFile where a running {@code hookrun local} wrote its address and token ({@link LocalStackFile#RELATIVE}
     *                  from the repository root, where {@code ./hookrun} runs)
     */
    StartCommand(PrintStream out, PrintStream err, Path stackFile, Function<String, String> environment) {
        this.out = out;
        this.err = err;
        this.stackFile = stackFile;
        this.environment = environment;
    }

    int run(List<String> args) throws IOException, InterruptedException {
        AdminOptions options = AdminOptions.take(args);
        String name = HookrunCli.option(args, "--name", null);
        String input = HookrunCli.option(args, "--input", null);
        String inputFile = HookrunCli.option(args, "--input-file", null);
        boolean wait = HookrunCli.flag(args, "--wait");
        String timeoutText = HookrunCli.option(args, "--timeout", null);
        if (args.size() != 1 || args.getFirst().startsWith("--")) {
            throw new UsageException("start takes one <workflowId> and options, got " + args);
        }
        if (input != null && inputFile != null) {
            throw new UsageException("give the input with --input or with --input-file, not both");
        }
        if (timeoutText != null && !wait) {
            throw new UsageException("--timeout goes with --wait");
        }
        Duration timeout = timeoutText == null ? null : Duration.ofSeconds(HookrunCli.number(timeoutText, "--timeout", 1, 86_400));
        byte[] body = input != null ? input.getBytes(StandardCharsets.UTF_8) : inputFile == null ? null : read(inputFile);

        AdminClient admin = options.client(stackFile, environment);
        Optional<AdminClient.Answer> started = start(admin, args.getFirst(), name, body);
        if (started.isEmpty()) {
            return 1;
        }
        String runId = started.get().text("runId");
        if (!wait) {
            out.println(options.json() ? new String(started.get().raw(), StandardCharsets.UTF_8).strip() : runId);
            out.flush();
            return 0;
        }
        if (!options.json()) {
            out.println(runId);
            out.flush();
        }
        return follow(admin, runId, timeout, options.json());
    }

    private Optional<AdminClient.Answer> start(AdminClient admin, String workflowId, String name, byte[] body)
            throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            AdminClient.Answer answer = admin.start(workflowId, name, body);
            switch (answer.status()) {
                case 202 -> {
                    err.println("hookrun: queued run " + answer.text("runId") + " of workflow " + workflowId
                            + (name == null ? "" : " named " + name));
                    return Optional.of(answer);
                }
                case 200 -> {
                    err.println("hookrun: a run of workflow " + workflowId + " named " + name + " was started with this"
                            + " input before: run " + answer.text("runId") + " (" + answer.text("status") + ")");
                    return Optional.of(answer);
                }
                case 401, 403 -> {
                    err.println("hookrun: the admin API at " + admin.api() + (admin.target().local()
                            ? " refused the token (HTTP " + answer.status() + "): pass the one ./hookrun local printed with"
                                    + " --token, or set HOOKRUN_ADMIN_TOKEN"
                            : " refused the request (HTTP " + answer.status() + ", " + answer.problem() + "): check the AWS"
                                    + " credentials and region (" + admin.target().auth().describe() + ")"));
                    return Optional.empty();
                }
                default -> {
                    boolean retryable = name != null && answer.retryAfter().isPresent()
                            && (answer.status() == 409 || answer.status() == 503);
                    if (!retryable || attempt == MAX_RETRIES) {
                        err.println("hookrun: " + answer.problem());
                        return Optional.empty();
                    }
                    int seconds = Math.clamp(answer.retryAfter().get(), 1, 30);
                    err.println("hookrun: " + answer.problem() + " (asking again in " + seconds + " s)");
                    Thread.sleep(Duration.ofSeconds(seconds));
                }
            }
        }
    }

    /** Polls the run until SUCCEEDED or FAILED (or the timeout); prints the status and the output or the error. */
    private int follow(AdminClient admin, String runId, Duration timeout, boolean json) throws IOException, InterruptedException {
        Instant deadline = timeout == null ? null : Instant.now().plus(timeout);
        String last = null;
        while (true) {
            AdminClient.Answer answer = admin.run(runId);
            String status = switch (answer.status()) {
                case 200 -> answer.text("status");
                case 404 -> "QUEUED"; // recorded when the step function takes the start message
                default -> {
                    err.println("hookrun: reading run " + runId + ": " + answer.problem());
                    yield null;
                }
            };
            if (status == null) {
                return 1;
            }
            if (!status.equals(last)) {
                err.println("hookrun: run " + runId + " is " + status);
                last = status;
            }
            if (status.equals("SUCCEEDED") || status.equals("FAILED")) {
                if (json) {
                    out.println(new String(answer.raw(), StandardCharsets.UTF_8).strip());
                } else {
                    out.println(status);
                    out.println(AdminClient.json(status.equals("SUCCEEDED") ? answer.body().get("output") : error(answer)));
                }
                out.flush();
                return status.equals("SUCCEEDED") ? 0 : 1;
            }
            if (deadline != null && Instant.now().isAfter(deadline)) {
                err.println("hookrun: run " + runId + " is still " + status + " after " + timeout.toSeconds() + " s; it goes"
                        + " on: GET /admin/runs/" + runId + " shows it");
                return 1;
            }
            Thread.sleep(POLL);
        }
    }

    private static Object error(AdminClient.Answer answer) {
        return answer.body().getOrDefault("error", Map.of());
    }

    private static byte[] read(String file) throws IOException {
        if (file.equals("-")) {
            return System.in.readAllBytes();
        }
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new UsageException("no input file at " + path);
        }
        return Files.readAllBytes(path);
    }
}
