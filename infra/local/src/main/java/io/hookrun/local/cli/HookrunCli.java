package io.hookrun.local.cli;

import io.hookrun.local.runtime.LocalCloud;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code hookrun} command: {@code local} runs the whole stack on 127.0.0.1 without Docker;
 * {@code invoke} runs one function once with an event file, like {@code sam local invoke}.
 */
public final class HookrunCli {

    private static final String USAGE = """
            usage: hookrun <command> [options]

              local [--port 3000] [--template template.yaml]
                  Runs every function of the template on 127.0.0.1 with embedded PostgreSQL, DynamoDB Local and
                  ElasticMQ. The admin token is HOOKRUN_ADMIN_TOKEN, or a generated one printed at start.
              invoke <FunctionLogicalId> <event.json> [--template template.yaml]
                  Invokes one function once with a Lambda event file and prints its response (like sam local invoke).
              help
                  Shows this text.
            """;

    private HookrunCli() {
    }

    public static void main(String[] args) {
        quietLogging();
        try {
            System.exit(run(args));
        } catch (UsageException e) {
            System.err.println("hookrun: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        } catch (Exception e) {
            System.err.println("hookrun: " + e.getMessage());
            System.exit(1);
        }
    }

    static int run(String[] args) throws Exception {
        if (args.length == 0 || Set.of("help", "--help", "-h").contains(args[0])) {
            System.out.print(USAGE);
            return 0;
        }
        List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
        Path template = Path.of(option(rest, "--template", "template.yaml"));
        if (!Files.isRegularFile(template)) {
            throw new UsageException("no template at " + template.toAbsolutePath() + " (run from the repository root or pass --template)");
        }
        return switch (args[0]) {
            case "local" -> local(template, rest);
            case "invoke" -> invoke(template, rest);
            default -> throw new UsageException("unknown command '" + args[0] + "'");
        };
    }

    private static int local(Path template, List<String> rest) throws Exception {
        int port;
        try {
            port = Integer.parseInt(option(rest, "--port", "3000"));
        } catch (NumberFormatException e) {
            throw new UsageException("--port takes a number");
        }
        noMore(rest);
        LocalCloud.Options options = new LocalCloud.Options(template, port, true, true, System.getenv("HOOKRUN_ADMIN_TOKEN"),
                Set.of(), Map.of(), null);
        LocalCloud cloud = LocalCloud.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nhookrun: stopping");
            cloud.close();
            stopped.countDown();
        }));
        System.out.println(Banner.of(cloud));
        stopped.await();
        return 0;
    }

    private static int invoke(Path template, List<String> rest) throws Exception {
        if (rest.size() != 2) {
            throw new UsageException("invoke takes <FunctionLogicalId> <event.json>");
        }
        Path event = Path.of(rest.get(1));
        if (!Files.isRegularFile(event)) {
            throw new UsageException("no event file at " + event);
        }
        LocalCloud.Options options = new LocalCloud.Options(template, 0, false, false, null, Set.of(), Map.of(), null);
        try (LocalCloud cloud = LocalCloud.start(options)) {
            System.out.println(cloud.invoke(rest.get(0), Files.readString(event)));
        }
        return 0;
    }

    private static String option(List<String> args, String name, String fallback) {
        int i = args.indexOf(name);
        if (i < 0) {
            return fallback;
        }
        if (i + 1 >= args.size()) {
            throw new UsageException(name + " needs a value");
        }
        String value = args.get(i + 1);
        args.remove(i + 1);
        args.remove(i);
        return value;
    }

    private static void noMore(List<String> rest) {
        if (!rest.isEmpty()) {
            throw new UsageException("unexpected arguments " + rest);
        }
    }

    /** The emulators log at INFO by default; a developer wants hookrun's own output. */
    private static void quietLogging() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.setProperty("org.slf4j.simpleLogger.log.io.hookrun", "info");
        System.setProperty("sqlite4java.debug", "false");
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    }

    /** A mistake in the command line: reported with the usage text and exit code 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
