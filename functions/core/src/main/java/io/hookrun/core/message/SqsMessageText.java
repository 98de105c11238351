package io.hookrun.core.message;

/**
 * JSON text that SQS takes as a message body. SQS refuses a message containing any character outside
 * {@code #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF} (the {@code MessageBody} of
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html), but JSON writers escape only
 * what JSON requires (quotes, backslashes, U+0000-U+001F) and put U+FFFE, U+FFFF and other noncharacters into strings
 * as they are. Each such character
 * is written here as a JSON {@code \\uXXXX} escape instead: the text stays valid JSON and parses back to the very same
 * strings, and SQS takes it. Outside strings a JSON writer emits only ASCII, so escaping character by character is
 * safe everywhere in the text.
 */
public final class SqsMessageText {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private SqsMessageText() {
    }

    /** {@code json} with every character SQS refuses written as a {@code \\uXXXX} escape; the same instance if none. */
    public static String escape(String json) {
        int first = firstRefused(json);
        if (first < 0) {
            return json;
        }
        StringBuilder out = new StringBuilder(json.length() + 16);
        out.append(json, 0, first);
        for (int i = first; i < json.length(); i++) {
            char c = json.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < json.length() && Character.isLowSurrogate(json.charAt(i + 1))) {
                out.append(c).append(json.charAt(++i)); // a pair: U+10000-U+10FFFF, allowed
            } else if (isAllowedSingle(c)) {
                out.append(c);
            } else {
                out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF])
                        .append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }

    /** The bytes SQS counts for {@code text}: its UTF-8 length, computed without copying it. */
    public static int utf8Bytes(CharSequence text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3; // a lone surrogate is encoded as '?' by String.getBytes, but escape() never leaves one
            }
        }
        return bytes;
    }

    /** Whether SQS would take {@code text} as it is. */
    public static boolean isAccepted(String text) {
        return firstRefused(text) < 0;
    }

    private static int firstRefused(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (!isAllowedSingle(c)) {
                return i;
            }
        }
        return -1;
    }

    /** A character allowed on its own: tab, LF, CR, U+0020-U+D7FF, U+E000-U+FFFD (surrogates only come in pairs). */
    private static boolean isAllowedSingle(char c) {
        return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
    }
}
