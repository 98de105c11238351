package io.hookrun.local.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Function;

/**
 * What the admin commands ({@code runs}, {@code run}, {@code apply}, {@code export}) need from the world, passed in so
 * tests can pin it.
 *
 * @param out         results only (tables, timelines, plans, JSON)
 * @param err         progress and problems
 * @param stackFile   where a running {@code hookrun local} wrote its address and token
 * @param environment reads environment variables ({@code System::getenv})
 * @param terminal    whether stdout is a terminal (colours are used only then, and only without {@code NO_COLOR})
 */
record CliContext(PrintStream out, PrintStream err, Path stackFile, Function<String, String> environment, Clock clock,
                  boolean terminal) {

    /** ANSI colours when stdout is a terminal and {@code NO_COLOR} (https://no-color.org) is unset or empty. */
    boolean colours() {
        String noColor = environment.apply("NO_COLOR");
        String term = environment.apply("TERM");
        return terminal && (noColor == null || noColor.isEmpty()) && !"dumb".equals(term);
    }

    /** {@code status} padded to {@code width}, in the colour of a run or state status when {@link #colours()}. */
    String status(String status, int width) {
        String shown = status == null ? "-" : status;
        String padded = width > 0 ? String.format("%-" + width + "s", shown) : shown;
        if (!colours() || status == null) {
            return padded;
        }
        String code = switch (status) {
            case "SUCCEEDED" -> "32";
            case "FAILED" -> "31";
            case "RETRIED", "CAUGHT" -> "33";
            case "ABORTED" -> "35";
            default -> "36";
        };
        return "\u001b[" + code + "m" + padded + "\u001b[0m";
    }

    /** {@code text} dimmed, when {@link #colours()}. */
    String dim(String text) {
        return colours() ? "\u001b[2m" + text + "\u001b[0m" : text;
    }
}
