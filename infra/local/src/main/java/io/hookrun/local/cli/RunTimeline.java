package io.hookrun.local.cli;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A run view of the admin API ({@code GET /admin/runs/{id}}, {@code AdminViews.RunView}) as a timeline a person reads in
 * a terminal: a header (status, workflow@version, trigger, event, times, input, output or error), then each state
 * execution in order with its start offset from the run's start, duration, status, attempts, retries and error. The
 * branches of a Map or Parallel state (frames {@code 3.0}, {@code 3.1}, ... of its step) follow it, indented.
 */
final class RunTimeline {

    /** Input and output longer than this are cut in the header: {@code --output json} shows them whole. */
    static final int MAX_VALUE_CHARS = 240;

    private final CliContext context;

    RunTimeline(CliContext context) {
        this.context = context;
    }

    @SuppressWarnings("unchecked")
    String render(Map<String, Object> run) {
        StringBuilder b = new StringBuilder();
        b.append("run ").append(run.get("runId")).append("  ").append(context.status(text(run.get("status")), 0)).append('\n');
        StringBuilder who = new StringBuilder("  workflow  ").append(RunsCommand.workflow(run));
        if (run.get("triggerId") != null) {
            who.append("   trigger ").append(run.get("triggerId"));
        }
        if (run.get("eventId") != null) {
            who.append("   event ").append(run.get("eventId"));
        }
        if (run.get("name") != null) {
            who.append("   name ").append(run.get("name"));
        }
        if (run.get("replayOf") != null) {
            who.append("   replay of ").append(run.get("replayOf"));
        }
        b.append(who).append('\n');
        Instant created = Times.parse(run.get("createdAt"));
        Instant started = Times.parse(run.get("startedAt"));
        Instant finished = Times.parse(run.get("finishedAt"));
        // to the millisecond: PostgreSQL keeps microseconds, which only make the line longer
        b.append("  created   ").append(created == null ? "-" : created.truncatedTo(ChronoUnit.MILLIS));
        if (started != null) {
            b.append("   started ").append(started.truncatedTo(ChronoUnit.MILLIS));
        }
        if (finished != null) {
            b.append("   ended ").append(finished.truncatedTo(ChronoUnit.MILLIS));
        }
        String duration = RunsCommand.duration(run);
        if (!duration.equals("-")) {
            b.append("   duration ").append(duration);
        }
        b.append('\n');
        b.append("  input     ").append(cut(run.get("input"))).append('\n');
        if (run.containsKey("output")) {
            b.append("  output    ").append(cut(run.get("output"))).append('\n');
        }
        if (run.get("error") instanceof Map<?, ?> error) {
            b.append("  error     ").append(error(error)).append('\n');
        }

        List<Map<String, Object>> states = run.get("states") instanceof List<?> list
                ? list.stream().filter(Map.class::isInstance).map(s -> (Map<String, Object>) s).toList() : List.of();
        if (!states.isEmpty()) {
            b.append('\n');
            Instant origin = started != null ? started : created;
            Map<String, List<Map<String, Object>>> byFrame = new LinkedHashMap<>();
            states.stream().sorted(Comparator.comparing((Map<String, Object> s) -> text(s.get("frame")))
                            .thenComparingLong(s -> number(s.get("sequence"))))
                    .forEach(s -> byFrame.computeIfAbsent(frameOf(s), f -> new ArrayList<>()).add(s));
            Set<String> shown = new LinkedHashSet<>();
            String first = byFrame.containsKey("") ? "" : byFrame.keySet().iterator().next();
            frame(b, first, byFrame, origin, 1, shown);
            // frames whose Map/Parallel step is not in this view (a truncated view, a ?frame= view): on their own
            for (String frame : byFrame.keySet()) {
                if (!shown.contains(frame)) {
                    b.append("  ").append(branchName(frame, byFrame)).append('\n');
                    frame(b, frame, byFrame, origin, 2, shown);
                }
            }
        }
        if (run.get("truncated") != null) {
            b.append('\n').append("  ").append(context.dim("(" + run.get("truncated") + ")")).append('\n');
        }
        return b.toString();
    }

    private void frame(StringBuilder b, String frame, Map<String, List<Map<String, Object>>> byFrame, Instant origin,
                       int depth, Set<String> shown) {
        if (!shown.add(frame)) {
            return;
        }
        String indent = "  ".repeat(depth);
        for (Map<String, Object> state : byFrame.getOrDefault(frame, List.of())) {
            b.append(indent).append(line(state, origin)).append('\n');
            if (state.get("error") instanceof Map<?, ?> error) {
                // under the status column: "%10s %9s  " is 22 characters wide
                b.append(indent).append(" ".repeat(22)).append(context.dim("error")).append(' ').append(error(error)).append('\n');
            }
            String prefix = (frame.isEmpty() ? "" : frame + "/") + state.get("sequence") + ".";
            byFrame.keySet().stream()
                    .filter(child -> child.startsWith(prefix) && child.indexOf('/', prefix.length()) < 0)
                    .sorted(Comparator.comparingLong(child -> number(child.substring(prefix.length()))))
                    .forEach(child -> {
                        b.append(indent).append("  ").append(branchName(child, byFrame)).append('\n');
                        frame(b, child, byFrame, origin, depth + 2, shown);
                    });
        }
    }

    private String line(Map<String, Object> state, Instant origin) {
        Instant started = Times.parse(state.get("startedAt"));
        Long offset = Times.between(origin, started);
        String duration = state.get("durationMs") instanceof Number ms ? Times.duration(ms.longValue()) : "-";
        StringBuilder b = new StringBuilder()
                .append(String.format("%10s %9s  ", offset == null ? "" : "+" + Times.duration(offset), duration))
                .append(context.status(text(state.get("status")), 9)).append("  ")
                .append(state.get("name")).append(' ').append(context.dim("(" + state.get("type") + ")"));
        long attempts = number(state.get("attempts"));
        if (attempts > 1) {
            b.append("  attempts ").append(attempts);
        }
        if (state.get("retries") != null) {
            b.append("  retries ").append(JsonOutput.compact(state.get("retries")));
        }
        if (state.get("branches") instanceof Map<?, ?> branches) {
            b.append("  branches ").append(branches.get("total"));
            for (String count : List.of("open", "succeeded", "failed", "aborted")) {
                if (number(branches.get(count)) > 0) {
                    b.append(", ").append(branches.get(count)).append(' ').append(count);
                }
            }
        }
        if (state.get("nextNotBefore") != null && state.get("nextState") != null) {
            b.append("  next ").append(state.get("nextState")).append(" at ").append(state.get("nextNotBefore"));
        }
        return b.toString();
    }

    /** {@code Fanout[1]}: the branch name the API gives the frame's states, else the frame itself. */
    private static String branchName(String frame, Map<String, List<Map<String, Object>>> byFrame) {
        return byFrame.getOrDefault(frame, List.of()).stream().map(s -> s.get("branch")).filter(java.util.Objects::nonNull)
                .map(Object::toString).findFirst().orElse("frame " + frame);
    }

    private static String frameOf(Map<String, Object> state) {
        return state.get("frame") == null ? "" : state.get("frame").toString();
    }

    private static String error(Map<?, ?> error) {
        return error.get("error") + (error.get("cause") == null ? "" : ": " + error.get("cause"));
    }

    private static String cut(Object value) {
        String json = JsonOutput.compact(value);
        return json.length() <= MAX_VALUE_CHARS ? json
                : json.substring(0, MAX_VALUE_CHARS) + "... (" + json.length() + " characters; --output json shows all)";
    }

    private static long number(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        try {
            return value == null ? 0 : Long.parseLong(value.toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
