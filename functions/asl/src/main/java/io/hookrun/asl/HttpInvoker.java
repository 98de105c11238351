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

    /**
     * A response received, whatever its status.
     *
     * @param body      the bytes read, at most the invoker's cap
     * @param truncated whether the response had more bytes than the cap, which were not read
     */
    record HttpResult(int statusCode, Map<String, List<String>> headers, byte[] body, boolean truncated) {

        /** A response read whole. */
        public HttpResult(int statusCode, Map<String, List<String>> headers, byte[] body) {
            this(statusCode, headers, body, false);
        }
    }

    /**
     * Sends {@code call} and returns the response whatever its status.
     *
     * @throws IOException when no response came (refused, reset); {@link java.net.http.HttpTimeoutException} when
     *                     none came within the call's timeout
     */
    HttpResult invoke(HttpCall call) throws IOException;
}
