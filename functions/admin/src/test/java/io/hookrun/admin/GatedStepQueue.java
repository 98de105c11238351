package io.hookrun.admin;

import io.hookrun.core.message.CloudEvent;
import io.hookrun.core.message.InMemoryStepQueue;
import io.hookrun.core.message.PreparedEvent;
import io.hookrun.core.message.StartRunMessage;
import io.hookrun.core.message.StepMessage;
import io.hookrun.core.message.StepQueue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@link InMemoryStepQueue} with two more ways for a start to go: held inside {@code sendStart} until the test opens the
 * gate (a send in flight, for concurrent starts), or killed there by an {@link Error} the handler does not catch (the
 * invocation dying between its name claim and its send).
 */
final class GatedStepQueue implements StepQueue {

    /** Stands for the end of an invocation: Lambda stopping it, the JVM going away. Nothing in hookrun catches it. */
    static final class InvocationKilled extends Error {
        InvocationKilled() {
            super("the invocation died while sending");
        }
    }

    final InMemoryStepQueue sent = new InMemoryStepQueue();
    private volatile CountDownLatch gate;
    private volatile CountDownLatch entered;
    private volatile boolean killNextStart;

    /** The next starts wait in {@code sendStart} until {@link #open()}; {@link #awaitHeld()} returns once one waits. */
    void hold() {
        entered = new CountDownLatch(1);
        gate = new CountDownLatch(1);
    }

    void awaitHeld() throws InterruptedException {
        if (!entered.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("no start reached the queue");
        }
    }

    void open() {
        CountDownLatch current = gate;
        gate = null;
        current.countDown();
    }

    /** The next start dies in {@code sendStart}, storing nothing. */
    void killNextStart() {
        killNextStart = true;
    }

    List<StartRunMessage> starts() {
        return sent.starts();
    }

    @Override
    public void sendStart(StartRunMessage start) {
        CountDownLatch current = gate;
        if (current != null) {
            entered.countDown();
            try {
                if (!current.await(30, TimeUnit.SECONDS)) {
                    throw new AssertionError("the gate was never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        if (killNextStart) {
            killNextStart = false;
            throw new InvocationKilled();
        }
        sent.sendStart(start);
    }

    @Override
    public void sendEvent(CloudEvent event) {
        sent.sendEvent(event);
    }

    @Override
    public PreparedEvent prepareEvent(CloudEvent event) {
        return sent.prepareEvent(event);
    }

    @Override
    public void sendStep(StepMessage step, int delaySeconds) {
        sent.sendStep(step, delaySeconds);
    }

    @Override
    public void retryAfter(String receiptHandle, int seconds) {
        sent.retryAfter(receiptHandle, seconds);
    }

    @Override
    public void resend(String body, Map<String, String> attributes, int delaySeconds) {
        sent.resend(body, attributes, delaySeconds);
    }
}
