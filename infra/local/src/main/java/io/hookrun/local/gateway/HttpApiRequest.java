package io.hookrun.local.gateway;

import java.util.List;
import java.util.Map;

/**
 * An HTTP request as the gateway received it, before it becomes an event: kept apart from the HTTP server's
 * own types so that the conversion to payload format 2.0 can be tested without a socket.
 *
 * @param rawPath  the path as sent, still percent-encoded
 * @param rawQuery the query string as sent, or null
 * @param headers  header names as sent (any case), each with its values in order
 */
public record HttpApiRequest(String method, String rawPath, String rawQuery, String protocol, String sourceIp,
                             Map<String, List<String>> headers, byte[] body) {
}
