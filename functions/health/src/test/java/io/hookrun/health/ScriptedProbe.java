package io.hookrun.health;

import software.amazon.awssdk.core.exception.SdkClientException;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** A readiness probe that answers as a test tells it to: up, degraded, down, failing, or never. */
final class ScriptedProbe implements ReadinessProbe {

    enum Behaviour { UP, DEGRADED, DOWN, FAILS, HANGS }

    private final String component;
    private final Behaviour behaviour;
    private final CountDownLatch interrupted = new CountDownLatch(1);

    private final boolean critical;
    private final AtomicInteger checks = new AtomicInteger();

    ScriptedProbe(String component, String behaviour) {
        this(component, behaviour, true);
    }

    ScriptedProbe(String component, String behaviour, boolean critical) {
        this.component = component;
        this.behaviour = Behaviour.valueOf(behaviour.toUpperCase(Locale.ROOT));
        this.critical = critical;
    }

    @Override
    public boolean critical() {
        return critical;
    }

    /** How many times this probe was asked. */
    int checks() {
        return checks.get();
    }

    @Override
    public String component() {
        return component;
    }

    @Override
    public ComponentHealth check(Duration timeout) {
        checks.incrementAndGet();
        return switch (behaviour) {
            case UP -> ComponentHealth.up();
            case DEGRADED -> ComponentHealth.degraded(component + " is slow");
            case DOWN -> ComponentHealth.down(component + " is read-only");
            case FAILS -> throw SdkClientException.create("Unable to execute HTTP request: Connection refused");
            case HANGS -> hang();
        };
    }

    /** Counted down when a hanging check was interrupted: the readiness check gave up on it and freed its thread. */
    CountDownLatch interrupted() {
        return interrupted;
    }

    private ComponentHealth hang() {
        try {
            new CountDownLatch(1).await();
            throw new AssertionError("unreachable: nothing counts this latch down");
        } catch (InterruptedException e) {
            interrupted.countDown();
            Thread.currentThread().interrupt();
            return ComponentHealth.down("interrupted");
        }
    }
}
