package io.hookrun.admin;

import java.util.regex.Pattern;

/** Ids of workflows and triggers: they appear in URLs and DynamoDB keys, so they are kept to a safe alphabet. */
final class ResourceIds {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private ResourceIds() {
    }

    /** Null when valid, else the problem. */
    static String problem(String kind, String id) {
        return VALID.matcher(id).matches() ? null
                : kind + " id must be 1-128 characters of letters, digits, '_', '.', '-', starting with a letter or digit";
    }
}
