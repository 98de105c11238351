package io.hookrun.asl;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Sends the HTTP request of an {@code http:invoke} task. An interface so that the interpreter can be tested,
 * or run, with another transport; {@link JdkHttpInvoker} is the real one.
 */
public interface HttpInvoker {

    /**
     * A request to send.
     *
     * @param body    the bytes to send; empty for none
     * @param timeout the bound on the whole exchange
     */
    record HttpCall(String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout) { }

    /** A response received, whatever its status. */
    record HttpResult(int statusCode, Map<String, List<String>> headers, byte[] body) { }

    /**
     * Sends {@code call} and returns the response whatever its status.
     *
     * @throws IOException when no response came (refused, reset); {@link java.net.http.HttpTimeoutException} when
     *                     none came within the call's timeout
     */
    HttpResult invoke(HttpCall call) throws IOException;
}
