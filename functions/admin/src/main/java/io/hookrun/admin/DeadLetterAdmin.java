package io.hookrun.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hookrun.core.message.DeadLetters;
import io.hookrun.core.message.DeadLetters.DeadLetter;
import io.hookrun.core.message.DeadLetters.MoveTask;
import io.hookrun.core.run.Run;
import io.hookrun.core.run.RunHistory;
import io.hookrun.core.run.RunStatus;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The steps queue's dead letters (ADR 0007): {@code GET /admin/dead-letters?limit=} peeks them (they stay in the DLQ)
 * with the run each belongs to; {@code POST /admin/dead-letters/redrive} re-opens the runs of the peeked messages that
 * failed {@code hookrun.StepAbandoned} ({@link RunHistory#reopenRun}) and then starts an SQS move task from the DLQ
 * back to the steps queue; {@code GET /admin/dead-letters/redrives} lists the move tasks.
 *
 * <p>Runs are re-opened before the move starts, so a redriven message never finds its run still FAILED (it would be
 * dropped). A re-opened run whose message is not among the peeked ones (the DLQ held more than
 * {@value #MAX_REDRIVE_PEEK}) stays FAILED and its redriven message is dropped; the answer says when that can have
 * happened ({@code unpeeked}). Step messages name their run; event and start messages (a run's first message) name it
 * in their body ({@code hookrunrunid}, {@code runId}).
 */
@Singleton
public class DeadLetterAdmin {

    /** Most messages whose runs a redrive re-opens: as many as one peek returns. */
    static final int MAX_REDRIVE_PEEK = 100;
    private static final String STEP_ABANDONED = "hookrun.StepAbandoned";
    private static final Pattern RUN_ID_IN_BODY = Pattern.compile(
            "\"(?:hookrunrunid|runId)\"\\s*:\\s*\"([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\"");

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterAdmin.class);

    /**
     * One dead letter.
     *
     * @param kind       {@code step}, or {@code start} (a run's first message: an accepted event or an admin start)
     * @param runId      the run the message belongs to, when it names one
     * @param frame      for a step: its frame ({@code ""}: the main chain)
     * @param runStatus  the run's status now, when run history has the run
     * @param error      the run's error and cause, when it failed
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeadLetterView(String messageId, Instant sentAt, int receiveCount, String kind, @Nullable String runId,
                                 @Nullable String frame, @Nullable Integer sequence, @Nullable String stateName,
                                 @Nullable String runStatus, @Nullable AdminViews.ErrorView error) { }

    /** The DLQ's approximate depth and the messages peeked ({@code items} is kept when empty). */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record DeadLetterPage(long depth, List<DeadLetterView> items) { }

    /**
     * A started (or already running) redrive.
     *
     * @param reopenedRuns runs re-opened for it (they had failed {@code hookrun.StepAbandoned})
     * @param unpeeked     true when the DLQ held more messages than were looked at: their runs were not re-opened
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record RedriveView(String taskHandle, String status, long messagesToMove, int reopenedRuns,
                              List<String> reopenedRunIds, boolean unpeeked) { }

    /** A move task of the DLQ, as SQS reports it. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MoveTaskView(@Nullable String taskHandle, String status, long movedMessages, long messagesToMove) { }

    /** What {@code ?limit=} may be. */
    public sealed interface Listing {
        record Page(DeadLetterPage page) implements Listing { }
        record InvalidLimit(String problem) implements Listing { }
    }

    private final DeadLetters deadLetters;
    private final RunHistory history;
    private final Clock clock;

    public DeadLetterAdmin(DeadLetters deadLetters, RunHistory history, Clock clock) {
        this.deadLetters = deadLetters;
        this.history = history;
        this.clock = clock;
    }

    public Listing list(@Nullable String limit) {
        int count = ListLimit.parse(limit, ListParameters.DEFAULT_LIMIT, ListParameters.MAX_LIMIT);
        if (count < 0) {
            return new Listing.InvalidLimit(ListLimit.problem(ListParameters.MAX_LIMIT));
        }
        List<DeadLetter> letters = deadLetters.peek(count);
        long depth = Math.max(deadLetters.depth(), letters.size());
        Map<UUID, Optional<Run>> runs = new HashMap<>();
        List<DeadLetterView> items = new ArrayList<>();
        for (DeadLetter letter : letters) {
            UUID runId = runId(letter);
            Run run = runId == null ? null : runs.computeIfAbsent(runId, history::findRun).orElse(null);
            items.add(view(letter, runId, run));
        }
        return new Listing.Page(new DeadLetterPage(depth, items));
    }

    public RedriveView redrive() {
        List<DeadLetter> letters = deadLetters.peek(MAX_REDRIVE_PEEK);
        long depth = deadLetters.depth();
        Set<UUID> runIds = new LinkedHashSet<>();
        letters.forEach(letter -> {
            UUID runId = runId(letter);
            if (runId != null) {
                runIds.add(runId);
            }
        });
        Instant now = clock.instant();
        List<String> reopened = new ArrayList<>();
        for (UUID runId : runIds) {
            Optional<Run> run = history.findRun(runId);
            if (run.isPresent() && run.get().status() == RunStatus.FAILED && STEP_ABANDONED.equals(run.get().error())
                    && history.reopenRun(runId, now)) {
                reopened.add(runId.toString());
            }
        }
        MoveTask task = deadLetters.redrive();
        LOG.info("redrive {}: {} runs re-opened ({} messages peeked of ~{})", task.taskHandle(), reopened.size(),
                letters.size(), depth);
        return new RedriveView(task.taskHandle(), task.status(), task.messagesToMove(), reopened.size(), reopened,
                depth > letters.size());
    }

    public List<MoveTaskView> redrives() {
        return deadLetters.moveTasks().stream()
                .map(t -> new MoveTaskView(t.taskHandle(), t.status(), t.movedMessages(), t.messagesToMove())).toList();
    }

    private static DeadLetterView view(DeadLetter letter, @Nullable UUID runId, @Nullable Run run) {
        String status = run == null ? null : run.status().name();
        AdminViews.ErrorView error = run == null || run.error() == null ? null
                : new AdminViews.ErrorView(run.error(), run.cause());
        String id = runId == null ? null : runId.toString();
        if (letter.step() != null) {
            return new DeadLetterView(letter.messageId(), letter.sentAt(), letter.receiveCount(), "step", id,
                    letter.step().frameName(), letter.step().sequence(), letter.step().stateName(), status, error);
        }
        return new DeadLetterView(letter.messageId(), letter.sentAt(), letter.receiveCount(), id == null ? "unknown"
                : "start", id, null, null, null, status, error);
    }

    /** The run a dead letter belongs to: a step names it; a run's first message carries it in its body. */
    static UUID runId(DeadLetter letter) {
        try {
            if (letter.step() != null) {
                return UUID.fromString(letter.step().runId());
            }
            if (letter.body() != null) {
                Matcher m = RUN_ID_IN_BODY.matcher(letter.body());
                return m.find() ? UUID.fromString(m.group(1)) : null;
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return null;
    }
}
