package io.hookrun.webhook;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 decoding of text bodies. {@code new String(bytes, UTF_8)} would silently turn invalid bytes into
 * U+FFFD, so the run would see an event other than the one signed; hookrun refuses it instead ({@code invalid-utf8}).
 */
final class Utf8Text {

    private Utf8Text() {
    }

    /** @param what how the detail names the text ("the body") */
    static String decode(byte[] bytes, String what) throws EventRefusedException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try {
            return decoder.decode(buffer).toString();
        } catch (CharacterCodingException e) {
            throw new EventRefusedException(EventProblem.INVALID_UTF8, what + " is not valid UTF-8 (first bad byte "
                    + "near offset " + buffer.position() + "); hookrun reads text as UTF-8 only");
        }
    }
}
