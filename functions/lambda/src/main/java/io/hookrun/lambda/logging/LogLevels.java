package io.hookrun.lambda.logging;

import org.slf4j.event.Level;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Which level each logger logs at. The setting is a level, optionally followed by per-logger overrides:
 * {@code INFO} or {@code WARN,io.hookrun=INFO,io.hookrun.asl=DEBUG}; the longest logger-name prefix wins. It is read,
 * first found, from the system property {@value #PROPERTY}, the environment variable {@value #ENVIRONMENT}, and
 * Lambda's {@value #LAMBDA_ENVIRONMENT} (set from the function's {@code LoggingConfig.ApplicationLogLevel});
 * without any, INFO. Lambda's level names include FATAL (logged as ERROR here) and the word may be any case.
 * https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html
 *
 * @param root      the level of loggers no override names
 * @param overrides logger-name prefix to level
 */
public record LogLevels(Level root, Map<String, Level> overrides) {

    public static final String PROPERTY = "hookrun.log.level";
    public static final String ENVIRONMENT = "HOOKRUN_LOG_LEVEL";
    public static final String LAMBDA_ENVIRONMENT = "AWS_LAMBDA_LOG_LEVEL";

    public LogLevels {
        overrides = Map.copyOf(overrides);
    }

    /** From the system properties and environment of this JVM. */
    public static LogLevels fromEnvironment() {
        return from(System::getProperty, System::getenv);
    }

    /** From the given lookups (tests). */
    public static LogLevels from(Function<String, String> properties, Function<String, String> environment) {
        String setting = properties.apply(PROPERTY);
        if (blank(setting)) {
            setting = environment.apply(ENVIRONMENT);
        }
        if (blank(setting)) {
            setting = environment.apply(LAMBDA_ENVIRONMENT);
        }
        return parse(setting);
    }

    /** Parses a setting; a word that is no level leaves the default (INFO) in its place. */
    public static LogLevels parse(String setting) {
        Level root = Level.INFO;
        Map<String, Level> overrides = new LinkedHashMap<>();
        if (!blank(setting)) {
            for (String part : setting.split(",")) {
                String entry = part.trim();
                int equals = entry.indexOf('=');
                if (equals < 0) {
                    root = level(entry, root);
                } else if (equals > 0) {
                    overrides.put(entry.substring(0, equals).trim(), level(entry.substring(equals + 1), Level.INFO));
                }
            }
        }
        return new LogLevels(root, overrides);
    }

    /** The level of logger {@code name}: that of the longest override that is a prefix of it, else the root's. */
    public Level levelOf(String name) {
        return overrides.keySet().stream()
                .filter(prefix -> name.equals(prefix) || name.startsWith(prefix + "."))
                .max(Comparator.comparingInt(String::length))
                .map(overrides::get)
                .orElse(root);
    }

    /** Whether logger {@code name} logs {@code level}. */
    public boolean enabled(String name, Level level) {
        return level.toInt() >= levelOf(name).toInt();
    }

    private static Level level(String word, Level fallback) {
        return switch (word.trim().toUpperCase(Locale.ROOT)) {
            case "TRACE" -> Level.TRACE;
            case "DEBUG" -> Level.DEBUG;
            case "INFO" -> Level.INFO;
            case "WARN", "WARNING" -> Level.WARN;
            // SLF4J has no FATAL and no OFF: ERROR is the quietest it knows.
            case "ERROR", "FATAL", "OFF" -> Level.ERROR;
            default -> fallback;
        };
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
