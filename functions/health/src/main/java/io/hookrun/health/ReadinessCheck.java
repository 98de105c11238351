package io.hookrun.health;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs every {@link ReadinessProbe} in parallel and waits for all of them until one shared deadline, the configured
 * timeout after the start: one hung dependency neither hides the others' state nor holds the answer longer than
 * the timeout (waiting for each in turn with a timeout of its own would add the timeouts up). A probe that has not
 * answered by then is reported DOWN and interrupted.
 */
@Singleton
public class ReadinessCheck {

    /** One dependency's state; {@code detail} says why it is down, never with credentials. */
    @Serdeable
    public record Component(String status, long latencyMs, @Nullable String detail) {

        static Component up(long latencyMs) {
            return new Component("UP", latencyMs, null);
        }

        static Component down(long latencyMs, String detail) {
            return new Component("DOWN", latencyMs, detail);
        }
    }

    /** The whole answer: {@code status} UP only when every component is. */
    @Serdeable
    public record Report(String status, Map<String, Component> components, List<String> down) {
        public boolean up() {
            return down.isEmpty();
        }
    }

    private final List<ReadinessProbe> probes;
    private final Duration timeout;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    /** @param probes in {@code @Order}: the order of the components in the answer */
    public ReadinessCheck(List<ReadinessProbe> probes, ReadinessConfiguration config) {
        this.probes = List.copyOf(probes);
        this.timeout = config.timeout();
    }

    public Report check() {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Future<Component>> running = new LinkedHashMap<>();
        for (ReadinessProbe probe : probes) {
            running.put(probe.component(), executor.submit(() -> run(probe)));
        }
        Map<String, Component> components = new LinkedHashMap<>();
        running.forEach((name, answer) -> components.put(name, await(answer, deadline)));
        List<String> down = components.entrySet().stream()
                .filter(e -> !"UP".equals(e.getValue().status())).map(Map.Entry::getKey).toList();
        return new Report(down.isEmpty() ? "UP" : "DOWN", components, down);
    }

    @PreDestroy
    void close() {
        executor.shutdownNow();
    }

    private Component run(ReadinessProbe probe) {
        long start = System.nanoTime();
        try {
            return probe.check(timeout)
                    .map(problem -> Component.down(millisSince(start), problem))
                    .orElseGet(() -> Component.up(millisSince(start)));
        } catch (RuntimeException e) {
            // The class, not the message: SDK and driver messages may carry URLs, hosts or user names.
            return Component.down(millisSince(start), e.getClass().getSimpleName());
        }
    }

    private Component await(Future<Component> answer, long deadline) {
        try {
            return answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            return Component.down(timeout.toMillis(), "no answer within " + describe(timeout));
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            return Component.down(0, "interrupted");
        } catch (ExecutionException e) {
            return Component.down(0, e.getCause().getClass().getSimpleName());
        }
    }

    /** "2 s" for whole seconds, else "1500 ms". */
    static String describe(Duration duration) {
        return duration.toMillisPart() == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
