package io.hookrun.bench;

import io.hookrun.testsupport.emulator.AwsDefaults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The cold-start benchmark ({@code infra/bench/cold-start.sh}): for each function, its first answer in a fresh JVM
 * from its own jar, against a plain Java handler that builds the same SDK clients and makes the same first call
 * against the same local endpoints, and the same function once more with its SnapStart hooks run between init and
 * the first request (a simulated snapshot: what the first request of a restored environment costs). Runs alternate
 * (hookrun, plain, primed, hookrun, plain, primed ...) after one untimed warm-up of each, so that a busy machine slows
 * every side alike; the report gives medians and their ratios, init (constructor) and invoke (first request)
 * separately, and each function's jar size. It measures, and asserts nothing: the numbers depend on the machine.
 *
 * <p>Options: {@code --runs N} (default 5), {@code --only webhook,health-liveness,...}, {@code --jvm-flags "..."}
 * (default {@code -XX:TieredStopAtLevel=1}, as template.yaml sets for every function), {@code --root DIR} (the
 * repository, default the working directory), {@code --jars DIR} (measure the {@code <module>-lambda.jar} files in
 * DIR, e.g. saved from another build, instead of those in {@code functions/<module>/target}), {@code --no-priming}
 * (skip the primed runs).
 */
public final class ColdStartBenchmark {

    static final double TARGET_RATIO = 1.5;

    private ColdStartBenchmark() {
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            run(Options.parse(args));
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        // DynamoDB Local leaves a non-daemon job thread running after it stops: end the JVM explicitly.
        System.exit(status);
    }

    private static void run(Options options) throws Exception {
        Path bench = options.root().resolve("infra/bench/target");
        Path baselineJar = bench.resolve("baseline-lambda.jar");
        Path logs = Files.createDirectories(bench.resolve("cold-start-logs"));
        FreshJvm jvm = new FreshJvm(Path.of(System.getProperty("java.home"), "bin", "java"), options.jvmFlags(),
                bench.resolve("cold-start-driver.jar"), logs);
        for (Path required : List.of(baselineJar, jvm.driverJar())) {
            if (!Files.isRegularFile(required)) {
                throw new IllegalStateException(required + " is missing: run ./mvnw -pl infra/bench -am package");
            }
        }
        List<Scenario> scenarios = Scenario.all().stream()
                .filter(s -> options.only().isEmpty() || options.only().contains(s.name())).toList();

        System.out.printf("Starting DynamoDB Local, ElasticMQ and PostgreSQL ...%n");
        List<Row> rows = new ArrayList<>();
        try (LocalStandIns standIns = LocalStandIns.start()) {
            Path events = Files.createDirectories(logs.resolve("events"));
            Path secretsKey = secretsKeyFile(logs);
            for (Scenario scenario : scenarios) {
                Path jar = options.functionJar(scenario);
                if (!Files.isRegularFile(jar)) {
                    throw new IllegalStateException(jar + " is missing: run ./mvnw -pl infra/bench -am package");
                }
                Map<String, String> environment = environment(scenario, standIns, secretsKey);
                Map<String, String> properties = Map.of(
                        "aws.services.dynamodb.endpoint-override", standIns.dynamoDbEndpoint().toString(),
                        "aws.services.sqs.endpoint-override", standIns.sqsEndpoint().toString());
                String eventJson = Files.readString(options.root().resolve(scenario.event()), StandardCharsets.UTF_8);
                List<FreshJvm.Measurement> hookrun = new ArrayList<>();
                List<FreshJvm.Measurement> plain = new ArrayList<>();
                List<FreshJvm.Measurement> primed = new ArrayList<>();
                // Run 0 of each side is the untimed warm-up (page cache, and the function migrates the schema).
                for (int run = 0; run <= options.runs(); run++) {
                    for (Side side : options.sides()) {
                        String name = scenario.name() + "-" + side.label + "-" + run;
                        Path event = events.resolve(name + ".json");
                        Files.writeString(event, scenario.eventFor(eventJson), StandardCharsets.UTF_8);
                        boolean isPlain = side == Side.PLAIN;
                        FreshJvm.Measurement measured = jvm.run(name, isPlain ? baselineJar : jar,
                                isPlain ? scenario.baselineHandler() : scenario.handler(), event, environment,
                                properties, side == Side.PRIMED);
                        if (!scenario.expectedAnswer().matcher(measured.answer()).find()) {
                            throw new IllegalStateException(name + " answered " + measured.answer() + ", expected "
                                    + scenario.expectedAnswer() + "; its stderr is in " + logs.resolve(name + ".log"));
                        }
                        if (run > 0) {
                            List<FreshJvm.Measurement> runs = switch (side) {
                                case HOOKRUN -> hookrun;
                                case PLAIN -> plain;
                                case PRIMED -> primed;
                            };
                            runs.add(measured);
                        }
                    }
                }
                Row row = new Row(scenario, hookrun, plain, primed, jarSize(jar));
                rows.add(row);
                System.out.println(row.progress());
            }
        }
        print(options, jvm, rows);
    }

    /**
     * The key that seals trigger secrets, as {@code ./hookrun local} gives it: a file of 32 random bytes. On Lambda it
     * is a KMS key (HOOKRUN_SECRETS_KMS_KEY_ID), which has no local stand-in here; no benchmarked first request opens a
     * trigger secret either way (the webhook's trigger is unknown).
     */
    private static Path secretsKeyFile(Path logs) throws IOException {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return Files.write(logs.resolve("secrets.key"), key);
    }

    /** What Lambda would set for this function: its template variables, region, credentials, its name. */
    private static Map<String, String> environment(Scenario scenario, LocalStandIns standIns, Path secretsKey) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("AWS_REGION", AwsDefaults.REGION);
        environment.put("AWS_ACCESS_KEY_ID", "local");
        environment.put("AWS_SECRET_ACCESS_KEY", "local");
        environment.put("AWS_LAMBDA_FUNCTION_NAME", scenario.functionLogicalId());
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        environment.put("HOOKRUN_TABLE_NAME", LocalStandIns.TABLE);
        environment.put("HOOKRUN_STEPS_QUEUE_URL", standIns.queueUrl());
        environment.put("HOOKRUN_SECRETS_KEY_FILE", secretsKey.toString());
        if (scenario.database()) {
            environment.put("DATASOURCES_DEFAULT_URL", standIns.postgres().jdbcUrl());
            environment.put("DATASOURCES_DEFAULT_USERNAME", standIns.postgres().username());
            environment.put("DATASOURCES_DEFAULT_PASSWORD", standIns.postgres().password());
        }
        return environment;
    }

    private static void print(Options options, FreshJvm jvm, List<Row> rows) {
        System.out.printf(Locale.ROOT, "%nCold start in a fresh JVM per run (%s %s), median of %d runs; hookrun, plain Java"
                        + " and primed hookrun runs interleaved.%nJava %s (%s), %d CPUs. Target: hookrun's answer within"
                        + " %.1fx of plain Java's.%n"
                        + "answer: ms from process start to the response; init: handler constructed and serializers"
                        + " built; invoke: the first request (event read, handled, answered);%n"
                        + "cpu: CPU ms the JVM used by then, all threads; classes: classes loaded by then;"
                        + " jar: the function's deployment package.%n%n",
                jvm.java(), String.join(" ", jvm.jvmFlags()), options.runs(), System.getProperty("java.version"),
                System.getProperty("java.vendor"), Runtime.getRuntime().availableProcessors(), TARGET_RATIO);
        System.out.printf("%-17s %8s | %-32s | %-32s | %s%n", "", "", "hookrun", "plain Java",
                "hookrun / plain Java");
        System.out.printf("%-17s %8s | %6s %5s %6s %5s %6s | %6s %5s %6s %5s %6s | %6s %5s %6s %5s%n", "function",
                "jar MB", "answer", "init", "invoke", "cpu", "class", "answer", "init", "invoke", "cpu", "class",
                "answer", "init", "invoke", "cpu");
        for (Row row : rows) {
            System.out.println(row.line());
        }
        if (options.sides().contains(Side.PRIMED)) {
            System.out.printf("%nSnapStart priming, simulated: the first request of a fresh JVM (invoke, ms) without and"
                    + " with the function's beforeCheckpoint/afterRestore hooks run after init.%n"
                    + "It approximates the first request of an environment restored from a primed snapshot (the"
                    + " restore itself is Lambda's and not measured).%n%n");
            System.out.printf("%-17s | %9s | %9s | %8s | %9s%n", "function", "unprimed", "primed", "ratio",
                    "hooks ms");
            for (Row row : rows) {
                System.out.println(row.primingLine());
            }
        }
        System.out.printf("%nEvery run (answer ms from process start; primed: invoke ms):%n");
        for (Row row : rows) {
            System.out.printf("  %-17s hookrun %s | plain %s%s%n", row.scenario().name(),
                    row.all(row.hookrun(), FreshJvm.Measurement::firstAnswerMillis),
                    row.all(row.plain(), FreshJvm.Measurement::firstAnswerMillis),
                    row.primed().isEmpty() ? "" : " | primed " + row.all(row.primed(), FreshJvm.Measurement::invokeMillis));
        }
        System.out.printf("%nJars:%n");
        rows.stream().map(row -> options.functionJar(row.scenario())).distinct().forEach(ColdStartBenchmark::size);
        size(options.root().resolve("infra/bench/target/baseline-lambda.jar"));
    }

    private static long jarSize(Path jar) {
        try {
            return Files.size(jar);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void size(Path jar) {
        try {
            System.out.printf(Locale.ROOT, "  %-60s %,12d bytes%n", jar.getFileName(), Files.size(jar));
        } catch (IOException e) {
            System.out.printf("  %-60s (unreadable: %s)%n", jar.getFileName(), e.getMessage());
        }
    }

    /** Which JVM a run is: the function, the plain baseline, or the function with its SnapStart hooks run first. */
    enum Side {
        HOOKRUN("hookrun"), PLAIN("plain"), PRIMED("primed");

        final String label;

        Side(String label) {
            this.label = label;
        }
    }

    /** One function's measurements: hookrun, its plain Java baseline, and hookrun primed. */
    record Row(Scenario scenario, List<FreshJvm.Measurement> hookrun, List<FreshJvm.Measurement> plain,
               List<FreshJvm.Measurement> primed, long jarBytes) {

        double ratio(ToLongFunction<FreshJvm.Measurement> of) {
            long base = median(plain, of);
            return base <= 0 ? Double.NaN : (double) median(hookrun, of) / base;
        }

        String progress() {
            return String.format(Locale.ROOT, "  %-17s hookrun %5d ms, plain Java %5d ms, ratio %.2f%s",
                    scenario.name(), median(hookrun, FreshJvm.Measurement::firstAnswerMillis),
                    median(plain, FreshJvm.Measurement::firstAnswerMillis),
                    ratio(FreshJvm.Measurement::firstAnswerMillis),
                    primed.isEmpty() ? "" : String.format(Locale.ROOT, "; first request %d ms, primed %d ms",
                            median(hookrun, FreshJvm.Measurement::invokeMillis),
                            median(primed, FreshJvm.Measurement::invokeMillis)));
        }

        String line() {
            return String.format(Locale.ROOT,
                    "%-17s %8.1f | %6d %5d %6d %5d %6d | %6d %5d %6d %5d %6d | %6.2f %5.2f %6.2f %5.2f  %s",
                    scenario.name(), jarBytes / 1_048_576.0,
                    median(hookrun, FreshJvm.Measurement::firstAnswerMillis),
                    median(hookrun, FreshJvm.Measurement::initMillis),
                    median(hookrun, FreshJvm.Measurement::invokeMillis),
                    median(hookrun, FreshJvm.Measurement::cpuMillis),
                    median(hookrun, FreshJvm.Measurement::classesLoaded),
                    median(plain, FreshJvm.Measurement::firstAnswerMillis),
                    median(plain, FreshJvm.Measurement::initMillis),
                    median(plain, FreshJvm.Measurement::invokeMillis),
                    median(plain, FreshJvm.Measurement::cpuMillis),
                    median(plain, FreshJvm.Measurement::classesLoaded),
                    ratio(FreshJvm.Measurement::firstAnswerMillis),
                    ratio(FreshJvm.Measurement::initMillis),
                    ratio(FreshJvm.Measurement::invokeMillis),
                    ratio(FreshJvm.Measurement::cpuMillis),
                    ratio(FreshJvm.Measurement::firstAnswerMillis) <= TARGET_RATIO ? "within target" : "over target");
        }

        String primingLine() {
            long unprimed = median(hookrun, FreshJvm.Measurement::invokeMillis);
            long primedInvoke = median(primed, FreshJvm.Measurement::invokeMillis);
            return String.format(Locale.ROOT, "%-17s | %9d | %9d | %8.2f | %9d", scenario.name(), unprimed,
                    primedInvoke, unprimed <= 0 ? Double.NaN : (double) primedInvoke / unprimed,
                    median(primed, FreshJvm.Measurement::primeMillis));
        }

        String all(List<FreshJvm.Measurement> runs, ToLongFunction<FreshJvm.Measurement> of) {
            return String.join(" ", runs.stream().map(m -> Long.toString(of.applyAsLong(m))).toList());
        }

        static long median(List<FreshJvm.Measurement> runs, ToLongFunction<FreshJvm.Measurement> of) {
            long[] values = runs.stream().mapToLong(of).sorted().toArray();
            if (values.length == 0) {
                return 0;
            }
            int middle = values.length / 2;
            return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
        }
    }

    /** The command line. */
    record Options(int runs, List<String> only, List<String> jvmFlags, Path root, Path jars, boolean priming) {

        List<Side> sides() {
            return priming ? List.of(Side.HOOKRUN, Side.PLAIN, Side.PRIMED) : List.of(Side.HOOKRUN, Side.PLAIN);
        }

        Path functionJar(Scenario scenario) {
            return jars == null ? scenario.functionJar(root) : jars.resolve(scenario.module() + "-lambda.jar");
        }

        static Options parse(String[] args) {
            int runs = 5;
            List<String> only = List.of();
            List<String> jvmFlags = List.of("-XX:TieredStopAtLevel=1");
            Path root = Path.of("").toAbsolutePath();
            Path jars = null;
            boolean priming = true;
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--no-priming")) {
                    priming = false;
                    continue;
                }
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--runs" -> runs = Integer.parseInt(require(args[i], value));
                    case "--only" -> only = Arrays.asList(require(args[i], value).split(","));
                    case "--jvm-flags" -> jvmFlags = Arrays.stream(require(args[i], value).trim().split("\\s+"))
                            .filter(flag -> !flag.isEmpty()).toList();
                    case "--root" -> root = Path.of(require(args[i], value)).toAbsolutePath();
                    case "--jars" -> jars = Path.of(require(args[i], value)).toAbsolutePath();
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + " (options: --runs N, --only a,b, --jvm-flags \"...\", --root DIR, --jars DIR,"
                            + " --no-priming)");
                }
                i++;
            }
            if (runs < 1) {
                throw new IllegalArgumentException("--runs must be at least 1");
            }
            List<String> names = Scenario.all().stream().map(Scenario::name).toList();
            for (String name : only) {
                if (!names.contains(name)) {
                    throw new IllegalArgumentException("unknown function " + name + " (functions: " + names + ")");
                }
            }
            return new Options(runs, only, jvmFlags, root, jars, priming);
        }

        private static String require(String option, String value) {
            if (value == null) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return value;
        }
    }
}
