package io.hookrun.lambda.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/** One {@link JsonLogger} per name, at the level {@link LogLevels} gives that name. */
public final class JsonLoggerFactory implements ILoggerFactory {

    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private final LogLevels levels;
    private final Consumer<String> sink;
    private final Clock clock;

    public JsonLoggerFactory(LogLevels levels, Consumer<String> sink, Clock clock) {
        this.levels = levels;
        this.sink = sink;
        this.clock = clock;
    }

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, n -> new JsonLogger(n, levels.levelOf(n), sink, clock));
    }
}
