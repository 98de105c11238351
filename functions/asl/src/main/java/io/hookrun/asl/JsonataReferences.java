package io.hookrun.asl;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The {@code $name} variables a JSONata expression refers to, read from its text as JSONata's tokenizer reads it:
 * string literals, backquoted names, comments and regular expressions are skipped, so
 * {@code '$eval'} or {@code /\$eval/} do not count. A {@code /} starts a regular expression where a value is
 * expected (at the start, after an operator or an opening bracket) and divides after a value, as in JSONata.
 */
final class JsonataReferences {

    private static final String OPERATOR_CHARS = ".[]{}(),@#;:?+-*/%|=<>^&!~";

    private JsonataReferences() {
    }

    /** The variables in order of first use, each with its {@code $}: {@code $states}, {@code $eval}, {@code $}. */
    static Set<String> variables(String expression) {
        Set<String> found = new LinkedHashSet<>();
        int i = 0;
        boolean afterValue = false;
        int length = expression.length();
        while (i < length) {
            char c = expression.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '/' && i + 1 < length && expression.charAt(i + 1) == '*') {
                int end = expression.indexOf("*/", i + 2);
                i = end < 0 ? length : end + 2;
            } else if (c == '"' || c == '\'') {
                i = skipQuoted(expression, i, c);
                afterValue = true;
            } else if (c == '`') {
                int end = expression.indexOf('`', i + 1);
                i = end < 0 ? length : end + 1;
                afterValue = true;
            } else if (c == '/' && !afterValue) {
                i = skipRegex(expression, i);
                afterValue = true;
            } else if (c == '$') {
                int end = nameEnd(expression, i + 1);
                found.add(expression.substring(i, end));
                i = end;
                afterValue = true;
            } else if (OPERATOR_CHARS.indexOf(c) >= 0) {
                afterValue = c == ')' || c == ']' || c == '}';
                i++;
            } else {
                int end = nameEnd(expression, i + 1);
                String word = expression.substring(i, end);
                afterValue = !(word.equals("and") || word.equals("or") || word.equals("in"));
                i = end;
            }
        }
        return found;
    }

    private static int skipQuoted(String text, int start, char quote) {
        int i = start + 1;
        while (i < text.length() && text.charAt(i) != quote) {
            i += text.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(text.length(), i + 1);
    }

    private static int skipRegex(String text, int start) {
        int i = start + 1;
        while (i < text.length() && text.charAt(i) != '/') {
            i += text.charAt(i) == '\\' ? 2 : 1;
        }
        i++;
        while (i < text.length() && (text.charAt(i) == 'i' || text.charAt(i) == 'm')) {
            i++;
        }
        return Math.min(text.length(), i);
    }

    /** Where a name ends: at whitespace, an operator or a quote, as JSONata's tokenizer ends names. */
    private static int nameEnd(String text, int from) {
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || OPERATOR_CHARS.indexOf(c) >= 0 || c == '"' || c == '\'' || c == '`') {
                break;
            }
            i++;
        }
        return i;
    }
}
