package io.hookrun.local.cli;

import io.hookrun.core.signature.SignatureVerifier;
import io.hookrun.local.admin.LocalStackFile;
import io.hookrun.local.cloud.LocalCloud;
import io.hookrun.local.cloud.LocalCloudOptions;
import io.hookrun.local.state.StateDirectory;
import io.micronaut.context.ApplicationContext;

import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * The {@code hookrun} command: {@code local} runs the whole stack on 127.0.0.1 without Docker;
 * {@code invoke} runs one function once with an event file, like {@code sam local invoke}; {@code start} starts a run
 * through the admin API of the running stack ({@link StartCommand}); {@code send} signs and posts a webhook
 * ({@link SendCommand}); {@code runs}, {@code run}, {@code apply} and {@code export} read and write an admin API
 * ({@link RunsCommand}, {@link RunCommand}, {@link ApplyCommand}, {@link ExportCommand}). Only results go to stdout
 * (the banner, the response JSON, the run id, the webhook's answer, tables, plans); everything else goes to stderr, so
 * the commands can be piped.
 */
public final class HookrunCli {

    static final String USAGE = """
            usage: hookrun <command> [options]

              local [--port 3000] [--pollers 3] [--delivery-copies 1] [--kill-after-call <State>[:<times>]]
                    [--visibility-timeout <QueueLogicalId>=<seconds>] [--fresh] [--template template.yaml]
                  Runs every function of the template on 127.0.0.1 with embedded PostgreSQL, DynamoDB Local and
                  ElasticMQ; no Docker, no AWS account. AWS_IAM routes take Authorization: Bearer <token>, the
                  token being HOOKRUN_ADMIN_TOKEN or a generated one printed at start. Each SQS event source
                  polls with --pollers concurrent pollers, each invoking its function with its own batch (Lambda
                  starts with 5). --delivery-copies N hands every batch to its function N times, to show that
                  duplicate SQS deliveries change no result. --kill-after-call Charge:2 kills the invocation
                  executing Task state Charge, twice, after its call is answered and before its result is
                  recorded, as a Lambda timeout or crash would: the step re-executes once its lease lapses, with
                  the same Idempotency-Key and Hookrun-Attempt (repeat the option for more states).
                  --visibility-timeout StepsQueue=30 overrides a queue's VisibilityTimeout (720 s as deployed), so
                  a killed invocation's message comes back sooner. Ctrl-C stops everything.
                  Their data is kept in .hookrun/ next to the template, so a restart finds every workflow, trigger,
                  run and queued message; --fresh deletes it first. One stack per checkout: a second one refuses,
                  naming the pid that holds .hookrun/local.lock.
              invoke <FunctionLogicalId> <event.json> [--template template.yaml]
                  Invokes one function once with a Lambda event file and prints its response JSON (like
                  sam local invoke). Exit status 1 when the function throws.
            """ + ConsoleCommand.USAGE + StartCommand.USAGE + SendCommand.USAGE + AdminOptions.USAGE + RunsCommand.USAGE
            + RunCommand.USAGE + ApplyCommand.USAGE + ExportCommand.USAGE + """
              --help
                  Shows this text.
            """;

    private HookrunCli() {
    }

    public static void main(String[] args) {
        quietLogging();
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command; returns the exit status (0 ok, 1 failure, 2 usage error). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, System::getenv, System.out == out && terminal());
    }

    /**
     * @param environment the environment variables the commands read (secrets for {@code apply}, {@code NO_COLOR})
     * @param terminal    whether {@code out} is a terminal (colours)
     */
    static int run(String[] args, PrintStream out, PrintStream err, Function<String, String> environment, boolean terminal) {
        try {
            return command(args, new CliContext(out, err, LocalStackFile.RELATIVE, environment, Clock.systemUTC(), terminal));
        } catch (UsageException e) {
            err.println("hookrun: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (BindException e) {
            err.println("hookrun: the port is in use (" + e.getMessage() + "); choose another with --port");
            return 1;
        } catch (Exception e) {
            err.println("hookrun: " + e.getMessage());
            return 1;
        }
    }

    private static int command(String[] args, CliContext context) throws Exception {
        PrintStream out = context.out();
        PrintStream err = context.err();
        if (args.length == 0) {
            throw new UsageException("a command is missing");
        }
        if (Set.of("help", "--help", "-h").contains(args[0])) {
            out.print(USAGE);
            return 0;
        }
        List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
        return switch (args[0]) {
            case "local" -> local(rest, out, err);
            case "invoke" -> invoke(rest, out, err);
            case "start" -> new StartCommand(out, err, LocalStackFile.RELATIVE, context.environment()).run(rest);
            case "send" -> send(rest, context);
            case "runs" -> new RunsCommand(context).run(rest);
            case "run" -> new RunCommand(context).run(rest);
            case "apply" -> new ApplyCommand(context).run(rest);
            case "export" -> new ExportCommand(context).run(rest);
            case "console" -> new ConsoleCommand(out, err, LocalStackFile.RELATIVE).run(rest);
            default -> throw new UsageException("unknown command '" + args[0] + "'");
        };
    }

    private static int local(List<String> rest, PrintStream out, PrintStream err) throws Exception {
        Path template = template(rest);
        int port = number(rest, "--port", 3000, 0, 65535);
        int pollers = number(rest, "--pollers", LocalCloudOptions.DEFAULT_QUEUE_POLLERS, 1, 100);
        int copies = number(rest, "--delivery-copies", 1, 1, 10);
        Map<String, Integer> kills = kills(rest);
        Map<String, Integer> visibilities = visibilityTimeouts(rest);
        boolean fresh = flag(rest, "--fresh");
        noMore(rest);
        err.println("hookrun: starting PostgreSQL, DynamoDB Local, ElasticMQ and the functions of " + template + " ...");
        LocalCloudOptions options = LocalCloudOptions.of(template).withHttpPort(port).withQueuePollers(pollers)
                .withDeliveryCopies(copies)
                .withAdminToken(System.getenv("HOOKRUN_ADMIN_TOKEN"))
                .withSecretsKeyFile(LocalStackFile.next(template).resolveSibling("secrets.key"))
                .withStateDirectory(StateDirectory.next(template).root(), fresh);
        for (Map.Entry<String, Integer> kill : kills.entrySet()) {
            options = options.withKilledInvocations(kill.getKey(), kill.getValue());
            err.println("hookrun: --kill-after-call: the invocation executing Task state '" + kill.getKey() + "' dies after"
                    + " its call, before recording it (" + kill.getValue() + (kill.getValue() == 1 ? " time)" : " times)"));
        }
        for (Map.Entry<String, Integer> visibility : visibilities.entrySet()) {
            options = options.withVisibilityTimeout(visibility.getKey(), visibility.getValue());
        }
        LocalCloud cloud = LocalCloud.start(options);
        Path stackFile = LocalStackFile.next(template);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            err.println("\nhookrun: stopping");
            LocalStackFile.deleteIfOurs(stackFile);
            cloud.close();
            stopped.countDown();
        }));
        new LocalStackFile(cloud.httpApi(), cloud.adminToken(), ProcessHandle.current().pid()).write(stackFile);
        out.println(Banner.of(cloud));
        out.flush();
        stopped.await();
        return 0;
    }

    /** Removes every {@code --visibility-timeout <QueueLogicalId>=<seconds>} from {@code args}: seconds by queue. */
    static Map<String, Integer> visibilityTimeouts(List<String> args) {
        Map<String, Integer> timeouts = new LinkedHashMap<>();
        while (args.contains("--visibility-timeout")) {
            String value = option(args, "--visibility-timeout", "");
            int equals = value.indexOf('=');
            if (equals < 1) {
                throw new UsageException("--visibility-timeout takes <QueueLogicalId>=<seconds>, got '" + value + "'");
            }
            // SQS's own bounds for VisibilityTimeout: 0 to 12 hours.
            timeouts.put(value.substring(0, equals), number(value.substring(equals + 1),
                    "--visibility-timeout <QueueLogicalId>=<seconds>", 0, 43_200));
        }
        return timeouts;
    }

    /** Removes every {@code --kill-after-call <State>[:<times>]} from {@code args}: times by state (1 by default). */
    static Map<String, Integer> kills(List<String> args) {
        Map<String, Integer> kills = new LinkedHashMap<>();
        while (args.contains("--kill-after-call")) {
            String value = option(args, "--kill-after-call", "");
            int colon = value.lastIndexOf(':');
            String state = colon < 0 ? value : value.substring(0, colon);
            if (state.isBlank()) {
                throw new UsageException("--kill-after-call takes <StateName>[:<times>], got '" + value + "'");
            }
            kills.put(state, colon < 0 ? 1 : number(value.substring(colon + 1), "--kill-after-call <State>:<times>", 1, 100));
        }
        return kills;
    }

    private static int invoke(List<String> rest, PrintStream out, PrintStream err) throws Exception {
        Path template = template(rest);
        if (rest.size() != 2 || rest.stream().anyMatch(a -> a.startsWith("--"))) {
            throw new UsageException("invoke takes <FunctionLogicalId> <event.json>, got " + rest);
        }
        String function = rest.get(0);
        Path event = Path.of(rest.get(1));
        if (!Files.isRegularFile(event)) {
            throw new UsageException("no event file at " + event);
        }
        LocalCloudOptions options = LocalCloudOptions.of(template).withoutHttp().withoutQueuePolling().withFunctions(function);
        try (LocalCloud cloud = LocalCloud.start(options)) {
            String response;
            try {
                response = cloud.invoke(function, Files.readString(event));
            } catch (RuntimeException e) {
                err.println("hookrun: " + function + " failed: " + e);
                return 1;
            }
            out.println(response);
            return 0;
        }
    }

    private static int send(List<String> rest, CliContext context) throws Exception {
        try (ApplicationContext schemes = signatureSchemes()) {
            return new SendCommand(context.out(), context.err(), context.stackFile(), schemes.getBean(SignatureVerifier.class),
                    Clock.systemUTC(), new SecureRandom(), context.environment(), System.in).run(rest);
        }
    }

    /**
     * A context holding the scheme beans the webhook function verifies with ({@link SignatureVerifier}): a scheme
     * added to core is one {@code send} knows, with no list to keep here. It starts no function (their beans are lazy
     * singletons); close it once done.
     */
    static ApplicationContext signatureSchemes() {
        return ApplicationContext.builder().deduceEnvironment(false).environments("hookrun-send").start();
    }

    private static Path template(List<String> rest) {
        Path template = Path.of(option(rest, "--template", "template.yaml"));
        if (!Files.isRegularFile(template)) {
            throw new UsageException("no template at " + template.toAbsolutePath() + " (run from the repository root or pass --template)");
        }
        return template;
    }

    /** Removes {@code name} and its value from {@code args}; {@code fallback} when absent. */
    static String option(List<String> args, String name, String fallback) {
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

    private static int number(List<String> args, String name, int fallback, int min, int max) {
        return number(option(args, name, Integer.toString(fallback)), name, min, max);
    }

    /** {@code text} as the number option {@code name} takes, from {@code min} to {@code max}. */
    static int number(String text, String name, int min, int max) {
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " takes a number");
        }
        if (value < min || value > max) {
            throw new UsageException(name + " takes " + min + "-" + max);
        }
        return value;
    }

    /** Removes the flag {@code name} from {@code args}; whether it was there. */
    static boolean flag(List<String> args, String name) {
        return args.remove(name);
    }

    private static void noMore(List<String> rest) {
        if (!rest.isEmpty()) {
            throw new UsageException("unexpected arguments " + rest);
        }
    }

    /**
     * The functions log JSON lines on stdout, as on Lambda (io.hookrun.lambda.logging, ADR 0008); the emulators log
     * through the same SLF4J provider, which is on this class path too. Unless {@code HOOKRUN_LOG_LEVEL} says
     * otherwise: hookrun's own loggers at INFO, everything else (Micronaut, Hikari, ElasticMQ's Pekko, Jetty) at WARN.
     * DynamoDB Local logs through Log4j 2 and sqlite4java through java.util.logging: warnings only, and none at all.
     */
    static void quietLogging() {
        if (System.getProperty("hookrun.log.level") == null && System.getenv("HOOKRUN_LOG_LEVEL") == null) {
            System.setProperty("hookrun.log.level", "WARN,io.hookrun=INFO,org.apache.pekko.actor.CoordinatedShutdown=ERROR");
        }
        System.setProperty("log4j2.level", System.getProperty("log4j2.level", "WARN"));
        System.setProperty("sqlite4java.debug", "false");
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        java.util.logging.Logger.getLogger("com.almworks.sqlite4java").setLevel(java.util.logging.Level.OFF);
    }

    /**
     * Whether stdout is a terminal. JDK 22+ has {@code Console.isTerminal()} (its {@code System.console()} is no longer
     * null when redirected); on 21, a console exists only on a terminal.
     */
    private static boolean terminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** A mistake in the command line: reported with the usage text and exit status 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
