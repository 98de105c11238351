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
 * against the same local endpoints. Runs alternate (hookrun, plain, hookrun, plain ...) after one untimed warm-up
 * of each, so that a busy machine slows both sides alike; the report gives medians and their ratio. It measures,
 * and asserts nothing: the numbers depend on the machine.
 *
 * <p>Options: {@code --runs N} (default 5), {@code --only webhook,health-liveness,...}, {@code --jvm-flags "..."}
 * (default {@code -XX:TieredStopAtLevel=1}, as template.yaml sets for every function), {@code --root DIR} (the
 * repository, default the working directory), {@code --jars DIR} (measure the {@code <module>-lambda.jar} files in
 * DIR, e.g. saved from another build, instead of those in {@code functions/<module>/target}).
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
            for (Scenario scenario : scenarios) {
                Path jar = options.functionJar(scenario);
                if (!Files.isRegularFile(jar)) {
                    throw new IllegalStateException(jar + " is missing: run ./mvnw -pl infra/bench -am package");
                }
                Map<String, String> environment = environment(scenario, standIns);
                Map<String, String> properties = Map.of(
                        "aws.services.dynamodb.endpoint-override", standIns.dynamoDbEndpoint().toString(),
                        "aws.services.sqs.endpoint-override", standIns.sqsEndpoint().toString());
                String eventJson = Files.readString(options.root().resolve(scenario.event()), StandardCharsets.UTF_8);
                List<FreshJvm.Measurement> hookrun = new ArrayList<>();
                List<FreshJvm.Measurement> plain = new ArrayList<>();
                // Run 0 of each side is the untimed warm-up (page cache, and the function migrates the schema).
                for (int run = 0; run <= options.runs(); run++) {
                    for (boolean isHookrun : new boolean[]{true, false}) {
                        String name = scenario.name() + (isHookrun ? "-hookrun-" : "-plain-") + run;
                        Path event = events.resolve(name + ".json");
                        Files.writeString(event, scenario.eventFor(eventJson), StandardCharsets.UTF_8);
                        FreshJvm.Measurement measured = jvm.run(name, isHookrun ? jar : baselineJar,
                                isHookrun ? scenario.handler() : scenario.baselineHandler(), event, environment,
                                properties);
                        if (!scenario.expectedAnswer().matcher(measured.answer()).find()) {
                            throw new IllegalStateException(name + " answered " + measured.answer() + ", expected "
                                    + scenario.expectedAnswer() + "; its stderr is in " + logs.resolve(name + ".log"));
                        }
                        if (run > 0) {
                            (isHookrun ? hookrun : plain).add(measured);
                        }
                    }
                }
                Row row = new Row(scenario, hookrun, plain);
                rows.add(row);
                System.out.println(row.progress());
            }
        }
        print(options, jvm, rows);
    }

    /** What Lambda would set for this function: its template variables, region, credentials, its name. */
    private static Map<String, String> environment(Scenario scenario, LocalStandIns standIns) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("AWS_REGION", AwsDefaults.REGION);
        environment.put("AWS_ACCESS_KEY_ID", "local");
        environment.put("AWS_SECRET_ACCESS_KEY", "local");
        environment.put("AWS_LAMBDA_FUNCTION_NAME", scenario.functionLogicalId());
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        environment.put("HOOKRUN_TABLE_NAME", LocalStandIns.TABLE);
        environment.put("HOOKRUN_STEPS_QUEUE_URL", standIns.queueUrl());
        if (scenario.database()) {
            environment.put("DATASOURCES_DEFAULT_URL", standIns.postgres().jdbcUrl());
            environment.put("DATASOURCES_DEFAULT_USERNAME", standIns.postgres().username());
            environment.put("DATASOURCES_DEFAULT_PASSWORD", standIns.postgres().password());
        }
        return environment;
    }

    private static void print(Options options, FreshJvm jvm, List<Row> rows) {
        System.out.printf("%nTime to first answer in a fresh JVM (%s %s), median of %d runs, hookrun and plain Java"
                        + " alternated.%nJava %s (%s), %d CPUs. Target: hookrun's answer within %.1fx of plain"
                        + " Java's.%nanswer: ms from process start to the response; init, invoke: the driver's split"
                        + " of it (handler and serializers built | event read, handled, answered);%ncpu: CPU ms the JVM"
                        + " used by then, all threads; classes: classes loaded by then.%n%n",
                jvm.java(), String.join(" ", jvm.jvmFlags()), options.runs(), System.getProperty("java.version"),
                System.getProperty("java.vendor"), Runtime.getRuntime().availableProcessors(), TARGET_RATIO);
        System.out.printf("%-18s | %-37s | %-37s | %s%n", "", "hookrun", "plain Java", "hookrun / plain");
        System.out.printf("%-18s | %6s %5s %6s %6s %8s | %6s %5s %6s %6s %8s | %6s %6s%n", "function",
                "answer", "init", "invoke", "cpu", "classes", "answer", "init", "invoke", "cpu", "classes",
                "answer", "cpu");
        for (Row row : rows) {
            System.out.println(row.line());
        }
        System.out.printf("%nEvery run (answer ms, from process start):%n");
        for (Row row : rows) {
            System.out.printf("  %-18s hookrun %s | plain %s%n", row.scenario().name(), row.all(row.hookrun()),
                    row.all(row.plain()));
        }
        System.out.printf("%nJars:%n");
        rows.stream().map(row -> options.functionJar(row.scenario())).distinct().forEach(ColdStartBenchmark::size);
        size(options.root().resolve("infra/bench/target/baseline-lambda.jar"));
    }

    private static void size(Path jar) {
        try {
            System.out.printf(Locale.ROOT, "  %-60s %,12d bytes%n", jar.getFileName(), Files.size(jar));
        } catch (IOException e) {
            System.out.printf("  %-60s (unreadable: %s)%n", jar.getFileName(), e.getMessage());
        }
    }

    /** One function's measurements, both sides. */
    record Row(Scenario scenario, List<FreshJvm.Measurement> hookrun, List<FreshJvm.Measurement> plain) {

        double ratio() {
            return (double) median(hookrun, FreshJvm.Measurement::firstAnswerMillis)
                    / median(plain, FreshJvm.Measurement::firstAnswerMillis);
        }

        double cpuRatio() {
            return (double) median(hookrun, FreshJvm.Measurement::cpuMillis)
                    / median(plain, FreshJvm.Measurement::cpuMillis);
        }

        String progress() {
            return String.format(Locale.ROOT, "  %-18s hookrun %5d ms, plain Java %5d ms, ratio %.2f",
                    scenario.name(), median(hookrun, FreshJvm.Measurement::firstAnswerMillis),
                    median(plain, FreshJvm.Measurement::firstAnswerMillis), ratio());
        }

        String line() {
            return String.format(Locale.ROOT, "%-18s | %6d %5d %6d %6d %8d | %6d %5d %6d %6d %8d | %6.2f %6.2f  %s",
                    scenario.name(),
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
                    ratio(),
                    cpuRatio(),
                    ratio() <= TARGET_RATIO ? "within target" : "over target");
        }

        String all(List<FreshJvm.Measurement> runs) {
            return String.join(" ", runs.stream().map(m -> Long.toString(m.firstAnswerMillis())).toList());
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
    record Options(int runs, List<String> only, List<String> jvmFlags, Path root, Path jars) {

        Path functionJar(Scenario scenario) {
            return jars == null ? scenario.functionJar(root) : jars.resolve(scenario.module() + "-lambda.jar");
        }

        static Options parse(String[] args) {
            int runs = 5;
            List<String> only = List.of();
            List<String> jvmFlags = List.of("-XX:TieredStopAtLevel=1");
            Path root = Path.of("").toAbsolutePath();
            Path jars = null;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--runs" -> runs = Integer.parseInt(require(args[i], value));
                    case "--only" -> only = Arrays.asList(require(args[i], value).split(","));
                    case "--jvm-flags" -> jvmFlags = Arrays.stream(require(args[i], value).trim().split("\\s+"))
                            .filter(flag -> !flag.isEmpty()).toList();
                    case "--root" -> root = Path.of(require(args[i], value)).toAbsolutePath();
                    case "--jars" -> jars = Path.of(require(args[i], value)).toAbsolutePath();
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + " (options: --runs N, --only a,b, --jvm-flags \"...\", --root DIR, --jars DIR)");
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
            return new Options(runs, only, jvmFlags, root, jars);
        }

        private static String require(String option, String value) {
            if (value == null) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return value;
        }
    }
}
