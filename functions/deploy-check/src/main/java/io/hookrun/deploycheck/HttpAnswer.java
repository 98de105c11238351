package io.hookrun.deploycheck;

/** The HTTP answer of a function invoked with an API Gateway HTTP API event: status code and body text. */
public record HttpAnswer(int status, String body) {
}
