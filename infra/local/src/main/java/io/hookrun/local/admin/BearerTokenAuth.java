package io.hookrun.local.admin;

import java.net.URI;
import java.net.http.HttpRequest;

/** The local stack's stand-in for {@code AWS_IAM}: {@code Authorization: Bearer <admin token>}. */
public record BearerTokenAuth(String token) implements AdminAuth {

    @Override
    public void authorize(HttpRequest.Builder request, String method, URI uri, byte[] body) {
        request.header("authorization", "Bearer " + token);
    }

    @Override
    public String describe() {
        return "the local stack's admin token";
    }

    /** Hides the token from anything that prints this record. */
    @Override
    public String toString() {
        return "BearerTokenAuth[hidden]";
    }
}
