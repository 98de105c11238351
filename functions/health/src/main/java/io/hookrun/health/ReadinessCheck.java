package io.hookrun.health;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs every {@link ReadinessProbe} in parallel and waits for all of them until one shared deadline, the configured
 * timeout after the start: each component gets its whole timeout, one hung dependency neither hides the others' state
 * nor holds the answer longer than the timeout (waiting for each in turn would add the timeouts up). A probe that
 * has not answered by then is reported DOWN ("no answer within 2 s") and interrupted.
 *
 * <p>The result is kept for {@link HealthConfiguration#cacheTtl()} (by the injected clock), so probes cannot hammer
 * the dependencies; callers that arrive while a check runs wait for that check instead of starting their own (one
 * check at a time per instance, however many probes arrive at once).
 */
@Singleton
public class ReadinessCheck {

    /**
     * The whole answer.
     *
     * @param status     DOWN when a critical component is DOWN, DEGRADED when any component is not UP, else UP
     * @param checkedAt  when this result was taken: it is reused until {@code checkedAt + cacheTtl}
     * @param components every component, in probe order
     * @param down       the critical components that are DOWN: the reasons for a 503
     * @param degraded   the components that are DEGRADED (or non-critical and failing)
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Report(HealthStatus status, Instant checkedAt, Map<String, ComponentHealth> components,
                         List<String> down, List<String> degraded) {

        /** Whether hookrun can do its job: 200, not 503. */
        public boolean ready() {
            return status != HealthStatus.DOWN;
        }
    }

    private final List<ReadinessProbe> probes;
    private final Duration timeout;
    private final Duration cacheTtl;
    private final Clock clock;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Object lock = new Object();
    private Report cached;
    private CompletableFuture<Report> running;

    /** @param probes in {@code @Order}: the order of the components in the answer */
    public ReadinessCheck(List<ReadinessProbe> probes, HealthConfiguration config, Clock clock) {
        this.probes = List.copyOf(probes);
        this.timeout = config.timeout();
        this.cacheTtl = config.cacheTtl();
        this.clock = clock;
    }

    /** The cached result while it is younger than the TTL, else a fresh one (shared with concurrent callers). */
    public Report check() {
        CompletableFuture<Report> refresh;
        boolean mine = false;
        synchronized (lock) {
            if (cached != null && clock.instant().isBefore(cached.checkedAt().plus(cacheTtl))) {
                return cached;
            }
            if (running == null) {
                running = new CompletableFuture<>();
                mine = true;
            }
            refresh = running;
        }
        if (mine) {
            try {
                Report report = checkNow();
                synchronized (lock) {
                    cached = report;
                    running = null;
                }
                refresh.complete(report);
            } catch (RuntimeException | Error e) {
                synchronized (lock) {
                    running = null;
                }
                refresh.completeExceptionally(e);
                throw e;
            }
        }
        return refresh.join();
    }

    /** Checks every component now, bypassing the cache (the scheduled metrics invocation has no use for it). */
    public Report checkNow() {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<ReadinessProbe, Future<ComponentHealth>> started = new LinkedHashMap<>();
        for (ReadinessProbe probe : probes) {
            started.put(probe, executor.submit(() -> run(probe)));
        }
        Map<String, ComponentHealth> components = new LinkedHashMap<>();
        started.forEach((probe, answer) -> {
            ComponentHealth health = await(answer, deadline);
            components.put(probe.component(), probe.critical() ? health : health.degradedIfDown());
        });
        List<String> down = names(components, HealthStatus.DOWN);
        List<String> degraded = names(components, HealthStatus.DEGRADED);
        HealthStatus status = !down.isEmpty() ? HealthStatus.DOWN
                : !degraded.isEmpty() ? HealthStatus.DEGRADED : HealthStatus.UP;
        return new Report(status, clock.instant(), components, down, degraded);
    }

    @PreDestroy
    void close() {
        executor.shutdownNow();
    }

    private ComponentHealth run(ReadinessProbe probe) {
        long start = System.nanoTime();
        try {
            return probe.check(timeout).withLatency(millisSince(start));
        } catch (RuntimeException e) {
            return ComponentHealth.down(describe(e)).withLatency(millisSince(start));
        }
    }

    private ComponentHealth await(Future<ComponentHealth> answer, long deadline) {
        try {
            return answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            return ComponentHealth.down("no answer within " + describe(timeout)).withLatency(timeout.toMillis());
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            return ComponentHealth.down("interrupted");
        } catch (ExecutionException e) {
            return ComponentHealth.down(e.getCause().getClass().getSimpleName());
        }
    }

    /**
     * What a failure says in the answer: an AWS error code and HTTP status ({@code AccessDeniedException (HTTP 400)}
     * names a missing permission), else the exception's class. Never the message: SDK and driver messages may carry
     * URLs, account ids, hosts or user names.
     */
    static String describe(RuntimeException e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null
                && aws.awsErrorDetails().errorCode() != null) {
            return aws.awsErrorDetails().errorCode() + " (HTTP " + aws.statusCode() + ")";
        }
        return e.getClass().getSimpleName();
    }

    /** "2 s" for whole seconds, else "1500 ms". */
    static String describe(Duration duration) {
        return duration.toMillisPart() == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static List<String> names(Map<String, ComponentHealth> components, HealthStatus status) {
        return components.entrySet().stream().filter(e -> e.getValue().status() == status).map(Map.Entry::getKey).toList();
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
