package io.hookrun.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code io.hookrun.bench.driver.ColdStartDriver} in a JVM of its own, with only the environment Lambda would
 * give the function, and measures from process start to the moment the answer line arrives.
 *
 * @param java      the {@code java} executable
 * @param jvmFlags  flags of every measured JVM (Lambda's java21 functions here run with C1 only)
 * @param driverJar {@code cold-start-driver.jar}
 * @param logs      where each run's stderr goes
 */
record FreshJvm(Path java, List<String> jvmFlags, Path driverJar, Path logs) {

    private static final Pattern ANSWERED = Pattern.compile("answered init_ms=(\\d+) invoke_ms=(\\d+)");
    private static final Pattern PRIMED = Pattern.compile("primed prime_ms=(\\d+)");
    private static final Pattern CLASSES = Pattern.compile("classes_loaded=(\\d+) cpu_ms=(-?\\d+)");
    private static final long TIMEOUT_SECONDS = 120;

    /**
     * What one run measured: the time to first answer from process start, the driver's own split of it into init
     * (handler and serializers built) and invoke (event read, handled, response written), the classes loaded and the
     * CPU time used by then, the response JSON, for checking what was answered, and, for a primed run, how long the
     * SnapStart hooks took between init and invoke (-1 for a run without them).
     */
    record Measurement(long firstAnswerMillis, long initMillis, long invokeMillis, long classesLoaded, long cpuMillis,
                       String answer, long primeMillis) {
    }

    /**
     * One cold start: {@code jar} then the driver jar on the class path, {@code handler} constructed and invoked once
     * with {@code event}.
     *
     * @param name  a file name for this run's stderr
     * @param prime whether the function's SnapStart hooks run between init and the invocation (a simulated snapshot)
     */
    Measurement run(String name, Path jar, String handler, Path event, Map<String, String> environment,
                    Map<String, String> systemProperties, boolean prime) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmFlags);
        systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-cp", jar + File.pathSeparator + driverJar,
                "io.hookrun.bench.driver.ColdStartDriver", handler, event.toString()));
        if (prime) {
            command.add("--prime");
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(logs.resolve(name + ".log").toFile());
        // Lambda starts the JVM with the function's variables and its own, not with the developer's shell.
        builder.environment().clear();
        builder.environment().putAll(environment);

        long start = System.nanoTime();
        Process process = builder.start();
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly(); // a hung handler: its output ends, and the run fails below
                }
            } catch (InterruptedException e) {
                // the run is over
            }
        });
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            // Anything the handler prints to stdout comes before the driver's line.
            Matcher times = null;
            long primeMillis = -1;
            String line = out.readLine();
            while (line != null && times == null) {
                Matcher answeredLine = ANSWERED.matcher(line);
                Matcher primedLine = PRIMED.matcher(line);
                if (answeredLine.matches()) {
                    times = answeredLine;
                } else {
                    if (primedLine.matches()) {
                        primeMillis = Long.parseLong(primedLine.group(1));
                    }
                    line = out.readLine();
                }
            }
            long answered = System.nanoTime();
            if (times == null) {
                throw failed(name, "printed no answer", process);
            }
            String answer = out.readLine();
            String classes = out.readLine();
            Matcher count = classes == null ? null : CLASSES.matcher(classes);
            if (process.waitFor() != 0) {
                throw failed(name, "exited with " + process.exitValue(), process);
            }
            boolean counted = count != null && count.matches();
            return new Measurement(TimeUnit.NANOSECONDS.toMillis(answered - start), Long.parseLong(times.group(1)),
                    Long.parseLong(times.group(2)), counted ? Long.parseLong(count.group(1)) : -1,
                    counted ? Long.parseLong(count.group(2)) : -1, answer == null ? "" : answer, primeMillis);
        } finally {
            watchdog.interrupt();
            process.destroyForcibly();
        }
    }

    private IllegalStateException failed(String name, String what, Process process) {
        process.destroyForcibly();
        return new IllegalStateException(name + " " + what + "; its stderr is in " + logs.resolve(name + ".log"));
    }
}
