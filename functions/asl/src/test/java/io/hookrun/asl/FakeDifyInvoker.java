package io.hookrun.asl;

import io.hookrun.testsupport.FakeDify;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An {@link HttpInvoker} that hands each call to a {@link FakeDify} in-process: no network, no waiting. An answer
 * the fake delays by at least the call's timeout is a {@link HttpTimeoutException}, as the JDK client throws it.
 */
final class FakeDifyInvoker implements HttpInvoker {

    private final FakeDify dify;
    private final List<HttpCall> calls = new ArrayList<>();

    FakeDifyInvoker(FakeDify dify) {
        this.dify = dify;
    }

    /** Every call made, with the timeout it was given. */
    List<HttpCall> calls() {
        return calls;
    }

    @Override
    public HttpResult invoke(HttpCall call) throws IOException {
        calls.add(call);
        Map<String, List<String>> headers = new TreeMap<>();
        call.headers().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), List.of(value)));
        FakeDify.Response response = dify.respond(new FakeDify.Request(call.method(), call.uri().getRawPath(), headers,
                new String(call.body(), StandardCharsets.UTF_8)));
        if (response.delay().compareTo(call.timeout()) >= 0) {
            throw new HttpTimeoutException("request timed out");
        }
        Map<String, List<String>> responseHeaders = new TreeMap<>();
        response.headers().forEach((name, value) -> responseHeaders.put(name.toLowerCase(Locale.ROOT), List.of(value)));
        return new HttpResult(response.status(), responseHeaders, response.body().getBytes(StandardCharsets.UTF_8));
    }
}
