package io.hookrun.local.admin;

import java.net.URI;
import java.net.http.HttpRequest;

/**
 * How a request to an admin API is authorized: a bearer token for the local stack, SigV4 for a deployed API whose
 * admin routes are {@code AWS_IAM}-authorized. Implementations add headers only; they never log or return them.
 */
public interface AdminAuth {

    /**
     * Adds the authorization headers for the request about to be sent.
     *
     * @param request the request being built (its URI, method and body are already final)
     * @param method  the HTTP method
     * @param uri     the full URI, query included
     * @param body    the exact body bytes that will be sent (empty for none): SigV4 signs their hash
     */
    void authorize(HttpRequest.Builder request, String method, URI uri, byte[] body);

    /** What this is, for messages: never the credential itself. */
    String describe();
}
