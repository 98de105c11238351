package io.hookrun.admin;

import io.micronaut.core.annotation.Nullable;

/** The {@code ?limit=} of an admin list: a whole number within 1..max, or the default when absent. */
final class ListLimit {

    private ListLimit() {
    }

    /** The limit {@code text} asks for, {@code defaultLimit} when blank, or -1 when it is not a number in 1..max. */
    static int parse(@Nullable String text, int defaultLimit, int max) {
        if (text == null || text.isBlank()) {
            return defaultLimit;
        }
        try {
            int limit = Integer.parseInt(text.trim());
            return limit < 1 || limit > max ? -1 : limit;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String problem(int max) {
        return "limit must be a number from 1 to " + max;
    }
}
