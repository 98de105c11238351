package io.hookrun.asl;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Sends the HTTP request of an {@code http:invoke} task. An IOException means "try the step again later". */
public interface HttpInvoker {

    /** A request to send. */
    record HttpCall(String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout) { }

    /** A response received, whatever its status. */
    record HttpResult(int statusCode, Map<String, List<String>> headers, byte[] body) { }

    HttpResult invoke(HttpCall call) throws IOException;
}
