package io.hookrun.health;

import software.amazon.awssdk.core.exception.SdkClientException;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/** A readiness probe that answers as a test tells it to: up, down, failing, or never. */
final class ScriptedProbe implements ReadinessProbe {

    enum Behaviour { UP, DOWN, FAILS, HANGS }

    private final String component;
    private final Behaviour behaviour;
    private final CountDownLatch interrupted = new CountDownLatch(1);

    ScriptedProbe(String component, String behaviour) {
        this.component = component;
        this.behaviour = Behaviour.valueOf(behaviour.toUpperCase(Locale.ROOT));
    }

    @Override
    public String component() {
        return component;
    }

    @Override
    public Optional<String> check(Duration timeout) {
        return switch (behaviour) {
            case UP -> Optional.empty();
            case DOWN -> Optional.of(component + " is read-only");
            case FAILS -> throw SdkClientException.create("Unable to execute HTTP request: Connection refused");
            case HANGS -> hang();
        };
    }

    /** Counted down when a hanging check was interrupted: the readiness check gave up on it and freed its thread. */
    CountDownLatch interrupted() {
        return interrupted;
    }

    private Optional<String> hang() {
        try {
            new CountDownLatch(1).await();
            throw new AssertionError("unreachable: nothing counts this latch down");
        } catch (InterruptedException e) {
            interrupted.countDown();
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }
}
