package io.hookrun.admin;

/**
 * Names of runs started from the admin API, with the rules of Step Functions' StartExecution {@code name}
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html): 1 to 80 characters, none of
 * them whitespace, brackets {@code < > { } [ ]}, wildcards {@code ? *}, the special characters
 * {@code " # % \ ^ | ~ ` $ & , ; : /}, or control characters (U+0000-001F, U+007F-009F). A name that AWS would refuse
 * is refused here, so names port both ways.
 */
final class ExecutionNames {

    static final int MAX_LENGTH = 80;
    static final String RULE = "a run name is 1-" + MAX_LENGTH + " characters, without whitespace, brackets < > { } [ ],"
            + " wildcards ? *, the characters \" # % \\ ^ | ~ ` $ & , ; : / or control characters (StartExecution's rules)";
    private static final String FORBIDDEN = "<>{}[]?*\"#%\\^|~`$&,;:/";

    private ExecutionNames() {
    }

    /** Null when {@code name} is a valid run name, else what is wrong with it. */
    static String problem(String name) {
        // AWS documents the length in characters; counted here in Unicode code points, so an emoji is one.
        int length = name.codePointCount(0, name.length());
        if (length < 1 || length > MAX_LENGTH) {
            return RULE + "; this one has " + length;
        }
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            i += Character.charCount(c);
            if (c <= 0x1F || (c >= 0x7F && c <= 0x9F)) {
                return RULE + "; this one has the control character U+" + String.format("%04X", c);
            }
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                return RULE + "; this one has whitespace (U+" + String.format("%04X", c) + ")";
            }
            if (FORBIDDEN.indexOf(c) >= 0) {
                return RULE + "; this one has '" + Character.toString(c) + "'";
            }
        }
        return null;
    }
}
