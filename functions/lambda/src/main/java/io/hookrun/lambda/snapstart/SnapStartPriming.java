package io.hookrun.lambda.snapstart;

import io.micronaut.context.ApplicationContext;
import io.micronaut.core.annotation.Nullable;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The SnapStart runtime hooks of one function: {@link #beforeCheckpoint} runs the function's {@link #steps() priming
 * steps} once, at deploy time, before Lambda snapshots the initialised JVM; {@link #afterRestore} runs
 * {@link #restore()} in every execution environment resumed from that snapshot.
 *
 * <p>Why prime: SnapStart snapshots whatever the init phase loaded and ran. The constructor only builds the
 * application context; without priming, the first request of every restored environment still loads and links the
 * classes of its path (SDK marshallers and signers, the HTTP client, JSON (de)serialisers, JSONata, HMAC) and
 * interprets them for the first time. A step here runs that path once with a synthetic input that changes nothing,
 * so the snapshot holds it warm (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-best-practices.html,
 * "Performance tuning": preload classes and prime the code in a runtime hook).
 *
 * <p>A step that fails (the network refuses a call, a dependency is down at deploy time) is logged and skipped: a
 * snapshot without one warm path is still a good snapshot, and an exception out of {@code beforeCheckpoint} would
 * fail the version's publication. Lambda runs the hooks in registration order for {@code afterRestore} and in
 * reverse for {@code beforeCheckpoint}; each function registers exactly one of these, so its steps run in the order
 * it lists them (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-runtime-hooks-java.html).
 *
 * <p>Subclasses are {@code @io.micronaut.context.annotation.Context} beans, so the hook is registered while the
 * handler's constructor builds the context (Lambda ignores hooks registered after the init phase). They depend on
 * {@code BeanProvider}s only, so registering costs nothing and a cold start without SnapStart builds no more than
 * before.
 */
public abstract class SnapStartPriming implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(SnapStartPriming.class);

    /** Something a step does; may throw anything, which ends that step only. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    /** One named priming step. */
    public record Step(String name, Action action) {
    }

    /**
     * How one step went.
     *
     * @param failure the exception's class and message when it failed, null when it ran
     */
    public record Outcome(String step, long millis, @Nullable String failure) {

        public boolean primed() {
            return failure == null;
        }
    }

    private volatile List<Outcome> lastPriming = List.of();
    private volatile int restores;

    /**
     * Registers this hook with the global CRaC context. {@code this} is handed out before the subclass constructor
     * has run, which is safe: the runtime calls the hook only after init has ended.
     */
    protected SnapStartPriming() {
        Core.getGlobalContext().register(this);
    }

    /** The steps, in the order they run. Resolve beans inside the actions, not here. */
    protected abstract List<Step> steps();

    /**
     * What must happen in every environment resumed from the snapshot, within Lambda's 10 s restore limit: drop
     * connections opened before the snapshot, re-seed randomness. The default does nothing.
     */
    protected void restore() throws Exception {
    }

    @Override
    public final void beforeCheckpoint(@Nullable Context<? extends Resource> context) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Step step : steps()) {
            long start = System.nanoTime();
            String failure = null;
            try {
                step.action().run();
            } catch (Exception e) {
                failure = e.getClass().getName() + ": " + e.getMessage();
            }
            Outcome outcome = new Outcome(step.name(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
                    failure);
            if (outcome.primed()) {
                LOG.info("SnapStart priming: {} in {} ms", step.name(), outcome.millis());
            } else {
                LOG.warn("SnapStart priming: {} failed after {} ms, the snapshot goes on without it: {}",
                        step.name(), outcome.millis(), failure);
            }
            outcomes.add(outcome);
        }
        lastPriming = List.copyOf(outcomes);
    }

    @Override
    public final void afterRestore(@Nullable Context<? extends Resource> context) {
        String algorithm = new SecureRandom().getAlgorithm();
        if (!isSnapResilient(algorithm)) {
            LOG.warn("SnapStart restore: the default SecureRandom is {}, which keeps the state of the snapshot;"
                    + " random values may repeat across environments (set securerandom.source to /dev/urandom)",
                    algorithm);
        }
        try {
            restore();
        } catch (Exception e) {
            // The environment still works: connections are opened on demand, randomness is re-seeded per use.
            LOG.warn("SnapStart restore hook failed: {}: {}", e.getClass().getName(), e.getMessage());
        }
        restores++;
    }

    /**
     * Whether a default {@code SecureRandom} of this algorithm stays unique after a restore: NativePRNG (the default on
     * Linux, so on Lambda) mixes fresh {@code /dev/urandom} bytes into every output. A DRBG or SHA1PRNG instance
     * created before the snapshot would replay its state in every environment
     * (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-uniqueness.html).
     */
    static boolean isSnapResilient(String algorithm) {
        return algorithm.startsWith("NativePRNG");
    }

    /** What the last {@link #beforeCheckpoint} did, step by step (empty before the first). */
    public List<Outcome> lastPriming() {
        return lastPriming;
    }

    /** How many times {@link #afterRestore} has run in this JVM. */
    public int restores() {
        return restores;
    }

    /**
     * A snapshot and a restore in this JVM, as Lambda would run them around a snapshot: every priming hook of
     * {@code context}, then every restore hook. Outside Lambda (tests, {@code infra/bench}) the CRaC global context
     * of a JVM without CRaC never calls the hooks, so this is how they are run there.
     *
     * @return the priming hooks that ran
     */
    public static List<SnapStartPriming> simulateSnapshot(ApplicationContext context) {
        List<SnapStartPriming> hooks = List.copyOf(context.getBeansOfType(SnapStartPriming.class));
        for (SnapStartPriming hook : hooks) {
            hook.beforeCheckpoint(null);
        }
        for (SnapStartPriming hook : hooks) {
            hook.afterRestore(null);
        }
        return hooks;
    }
}
