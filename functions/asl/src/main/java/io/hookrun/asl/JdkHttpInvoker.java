package io.hookrun.asl;

import io.hookrun.core.trace.TraceContext;
import io.hookrun.core.trace.TraceHeader;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

/**
 * {@link HttpInvoker} on the JDK's own HTTP client (HTTP/1.1, no redirects followed), so that function jars
 * carry no extra HTTP library. The call's timeout bounds the whole exchange, body included, not only the wait
 * for response headers; every failure to get a response is an {@link IOException} (a timeout an
 * {@link HttpTimeoutException}), which the task turns into {@code States.Timeout} or {@code States.Http.Socket}.
 * One instance holds one client with its connection pool: share it.
 *
 * <p>A response body is read up to {@code maxResponseBytes} ({@code hookrun.http.max-response-bytes}, 1 MiB by
 * default) and no further ({@link CappedBodySubscriber}): the result then holds the bytes read and says it is
 * truncated, so no downstream can make the function run out of memory.
 *
 * <p>Every call carries the trace of the work it is made for (ADR 0008): {@code X-Amzn-Trace-Id} with the current
 * {@link TraceContext}'s root and sampling decision and a fresh {@code Parent} id, unless the call sets that header
 * itself. A downstream traced with X-Ray then joins the run's trace.
 * https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-tracingheader
 */
public final class JdkHttpInvoker implements HttpInvoker {

    /** How long a connection may take to open, by default. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The default of {@code hookrun.http.max-response-bytes}: 1 MiB. */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

    private final HttpClient client;
    private final int maxResponseBytes;

    public JdkHttpInvoker() {
        this(DEFAULT_CONNECT_TIMEOUT);
    }

    public JdkHttpInvoker(Duration connectTimeout) {
        this(connectTimeout, DEFAULT_MAX_RESPONSE_BYTES);
    }

    /** @param maxResponseBytes the most bytes of a response body read; the rest is not */
    public JdkHttpInvoker(Duration connectTimeout, int maxResponseBytes) {
        if (maxResponseBytes < 0) {
            throw new IllegalArgumentException("hookrun.http.max-response-bytes must not be negative, was " + maxResponseBytes);
        }
        this.maxResponseBytes = maxResponseBytes;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * @throws IllegalArgumentException for a request the client refuses to build (e.g. a restricted header
     *                                  such as {@code Host}): retrying would not help
     */
    @Override
    public HttpResult invoke(HttpCall call) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(call.uri()).timeout(call.timeout());
        call.headers().forEach(request::header);
        traceHeader(call).ifPresent(trace -> request.header(TraceHeader.HTTP_HEADER, trace));
        HttpRequest.BodyPublisher body = call.body().length == 0
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(call.body());
        request.method(call.method(), body);
        CompletableFuture<HttpResponse<CappedBodySubscriber.Body>> exchange =
                client.sendAsync(request.build(), CappedBodySubscriber.handler(maxResponseBytes));
        try {
            HttpResponse<CappedBodySubscriber.Body> response = exchange.get(call.timeout().toMillis(), TimeUnit.MILLISECONDS);
            return new HttpResult(response.statusCode(), response.headers().map(), response.body().bytes(),
                    response.body().truncated());
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new HttpTimeoutException("no complete response from " + call.uri().getHost() + " within "
                    + call.timeout().toSeconds() + " s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause), cause);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling " + call.uri().getHost(), e);
        }
    }

    /** The trace header this call sends: none when there is no current trace or the call sets one itself. */
    static Optional<String> traceHeader(HttpCall call) {
        boolean own = call.headers().keySet().stream().anyMatch(TraceHeader.HTTP_HEADER::equalsIgnoreCase);
        return own ? Optional.empty()
                : TraceContext.current().map(trace -> trace.child(ThreadLocalRandom.current()).toString());
    }
}
