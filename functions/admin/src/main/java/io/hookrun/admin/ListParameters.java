package io.hookrun.admin;

import io.micronaut.core.annotation.Nullable;

import java.util.Map;

/**
 * {@code ?limit=&nextToken=} of an admin list (ADR 0009): {@code limit} 1..{@value #MAX_LIMIT}, default
 * {@value #DEFAULT_LIMIT}; {@code nextToken} as the previous page gave it, blank meaning none.
 */
record ListParameters(int limit, @Nullable String nextToken) {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    static final String INVALID_TOKEN = "nextToken is not one this list gave with these filters; list again without"
            + " it";

    /** What the query asks for, or null when {@code limit} is not a number in range ({@link #limitProblem()}). */
    static @Nullable ListParameters of(Map<String, String> query) {
        int limit = ListLimit.parse(query.get("limit"), DEFAULT_LIMIT, MAX_LIMIT);
        if (limit < 0) {
            return null;
        }
        String token = query.get("nextToken");
        return new ListParameters(limit, token == null || token.isBlank() ? null : token.trim());
    }

    static String limitProblem() {
        return ListLimit.problem(MAX_LIMIT);
    }
}
