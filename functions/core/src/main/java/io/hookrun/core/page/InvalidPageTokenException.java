package io.hookrun.core.page;

/**
 * A page token that this list did not make (garbled, truncated, or made for other filters). Answered as
 * {@code 400 application/problem+json}; the message never echoes the token.
 */
public class InvalidPageTokenException extends RuntimeException {

    public InvalidPageTokenException(String reason) {
        super(reason);
    }
}
