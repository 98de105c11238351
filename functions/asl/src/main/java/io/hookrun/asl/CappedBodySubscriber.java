package io.hookrun.asl;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a response body up to {@code maxBytes} and no further: once a byte beyond the cap arrives, the subscription is
 * cancelled (the client then closes the connection instead of reading the rest) and the body completes with the bytes
 * kept and {@code truncated} set. Memory per call is bounded by the cap plus one buffer of the client, whatever the
 * downstream sends; {@code BodyHandlers.ofByteArray()} would buffer all of it.
 */
final class CappedBodySubscriber implements HttpResponse.BodySubscriber<CappedBodySubscriber.Body> {

    /** The bytes read and whether more were sent. */
    record Body(byte[] bytes, boolean truncated) { }

    private final int maxBytes;
    private final CompletableFuture<Body> result = new CompletableFuture<>();
    private byte[] buffer = new byte[0];
    private int size;
    private Flow.Subscription subscription;

    CappedBodySubscriber(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    static HttpResponse.BodyHandler<Body> handler(int maxBytes) {
        return info -> new CappedBodySubscriber(maxBytes);
    }

    @Override
    public CompletionStage<Body> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer item : items) {
            int room = maxBytes - size;
            int take = Math.min(room, item.remaining());
            if (take > 0) {
                ensureCapacity(size + take);
                item.get(buffer, size, take);
                size += take;
            }
            if (item.hasRemaining()) {
                subscription.cancel();
                result.complete(new Body(Arrays.copyOf(buffer, size), true));
                return;
            }
        }
        subscription.request(1);
    }

    /** Grows by doubling, never past the cap, so a small answer costs little. */
    private void ensureCapacity(int needed) {
        if (needed > buffer.length) {
            int grown = (int) Math.min(maxBytes, Math.max(needed, Math.max(8192L, 2L * buffer.length)));
            buffer = Arrays.copyOf(buffer, grown);
        }
    }

    @Override
    public void onError(Throwable throwable) {
        result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        result.complete(new Body(Arrays.copyOf(buffer, size), false));
    }
}
