package io.hookrun.core.time;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

import java.time.Clock;

/** The one source of time: a bean, so tests can replace it with a fixed or offset clock. */
@Factory
public class ClockFactory {

    @Singleton
    @Requires(missingBeans = Clock.class)
    Clock systemClock() {
        return Clock.systemUTC();
    }
}
