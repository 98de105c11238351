package io.hookrun.core.message;

import io.hookrun.core.json.JsonText;
import io.micronaut.serde.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link StepQueue} in memory, for unit tests: records what was sent and every visibility change, and can be told
 * to fail the next sends the way SQS does when it is unreachable ({@link #failSendsWith}: nothing stored) or when
 * its answer is lost after it stored the message ({@link #failSendsAfterStoringWith}: a read timeout, a reset).
 */
public final class InMemoryStepQueue implements StepQueue {

    /** A step and the delay it was sent with. */
    public record DelayedStep(StepMessage step, int delaySeconds) { }

    /** A copy sent by {@link #resend}. */
    public record Resent(String body, Map<String, String> attributes, int delaySeconds) { }

    private final List<CloudEvent> events = new ArrayList<>();
    private final List<StartRunMessage> starts = new ArrayList<>();
    private final List<DelayedStep> steps = new ArrayList<>();
    private final List<Resent> resent = new ArrayList<>();
    private final Map<String, Integer> visibility = new ConcurrentHashMap<>();
    private volatile RuntimeException sendFailure;
    private volatile boolean storeBeforeFailing;

    /** Every following send throws {@code failure} and stores nothing (null: sends succeed again). */
    public void failSendsWith(RuntimeException failure) {
        this.storeBeforeFailing = false;
        this.sendFailure = failure;
    }

    /**
     * Every following send stores its message and then throws {@code failure}, as a send does whose answer was lost
     * (null: sends succeed again). The sender cannot tell this from {@link #failSendsWith}.
     */
    public void failSendsAfterStoringWith(RuntimeException failure) {
        this.storeBeforeFailing = true;
        this.sendFailure = failure;
    }

    @Override
    public synchronized void sendEvent(CloudEvent event) {
        send(() -> events.add(event));
    }

    /** Measures the event as SQS would count it (its SQS-safe JSON text), with a real JSON writer. */
    @Override
    public PreparedEvent prepareEvent(CloudEvent event) {
        String body = SqsMessageText.escape(Json.TEXT.write(event));
        return new PreparedEvent(event, body, SqsMessageText.utf8Bytes(body));
    }

    @Override
    public synchronized void sendStart(StartRunMessage start) {
        send(() -> starts.add(start));
    }

    @Override
    public synchronized void sendStep(StepMessage step, int delaySeconds) {
        send(() -> steps.add(new DelayedStep(step, delaySeconds)));
    }

    @Override
    public void retryAfter(String receiptHandle, int seconds) {
        visibility.put(receiptHandle, seconds);
    }

    @Override
    public synchronized void resend(String body, Map<String, String> attributes, int delaySeconds) {
        send(() -> resent.add(new Resent(body, Map.copyOf(attributes), delaySeconds)));
    }

    public synchronized List<CloudEvent> events() {
        return List.copyOf(events);
    }

    public synchronized List<StartRunMessage> starts() {
        return List.copyOf(starts);
    }

    public synchronized List<StepMessage> steps() {
        return steps.stream().map(DelayedStep::step).toList();
    }

    /** The steps sent, each with its delay. */
    public synchronized List<DelayedStep> delayedSteps() {
        return List.copyOf(steps);
    }

    public synchronized List<Resent> resent() {
        return List.copyOf(resent);
    }

    /** The last visibility timeout set for each receipt handle, in seconds. */
    public Map<String, Integer> visibilityChanges() {
        return Map.copyOf(visibility);
    }

    private void send(Runnable store) {
        RuntimeException failure = sendFailure;
        if (failure == null || storeBeforeFailing) {
            store.run();
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Built on first use only: most tests never measure an event. */
    private static final class Json {
        static final JsonText TEXT = new JsonText(ObjectMapper.getDefault());
    }
}
