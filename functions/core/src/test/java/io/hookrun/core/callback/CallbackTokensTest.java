package io.hookrun.core.callback;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallbackTokensTest {

    private static final byte[] KEY = key(1);
    private static final CallbackToken MAIN = new CallbackToken(
            UUID.fromString("0d6f4c1e-9a57-4b2f-8a41-1c2f3e4d5a6b"), "", 3);
    private static final CallbackToken BRANCH = new CallbackToken(MAIN.runId(), "3.0/5.12", 7);

    private final CallbackTokens tokens = new CallbackTokens(KEY);

    @Test
    void issuedTokenVerifiesToItsStep_mainChainAndBranch() {
        assertThat(tokens.verify(tokens.issue(MAIN))).contains(MAIN);
        assertThat(tokens.verify(tokens.issue(BRANCH))).contains(BRANCH);
    }

    @Test
    void sameStepGetsSameToken_andAnotherKeyInstanceAgrees() {
        assertThat(tokens.issue(MAIN)).isEqualTo(new CallbackTokens(KEY.clone()).issue(MAIN));
        assertThat(tokens.issue(MAIN)).isNotEqualTo(tokens.issue(new CallbackToken(MAIN.runId(), "", 4)));
    }

    @Test
    void tokenIsUrlSafeWithVersionPrefix() {
        String token = tokens.issue(BRANCH);
        assertThat(token).startsWith("hrt1.").matches("hrt1\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}");
    }

    /** Pins the format: payload run id | sequence | frame, mac over "hrt1.<payload>" with HMAC-SHA256. */
    @Test
    void formatMatchesAnIndependentComputation() throws Exception {
        byte[] payload = java.nio.ByteBuffer.allocate(16 + 4 + 1).putLong(MAIN.runId().getMostSignificantBits())
                .putLong(MAIN.runId().getLeastSignificantBits()).putInt(3).put((byte) 'x').array();
        String signed = "hrt1." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        String expected = signed + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
        assertThat(tokens.issue(new CallbackToken(MAIN.runId(), "x", 3))).isEqualTo(expected);
    }

    @Test
    void everySingleCharacterChangeIsRefused() {
        String token = tokens.issue(BRANCH);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
        for (int i = 0; i < token.length(); i++) {
            for (char c : new char[] {alphabet.charAt(i % alphabet.length()), 'A', '_'}) {
                if (token.charAt(i) == c) {
                    continue;
                }
                String tampered = token.substring(0, i) + c + token.substring(i + 1);
                assertThat(tokens.verify(tampered)).as("changed at %d to %s", i, c).isEmpty();
            }
        }
    }

    @Test
    void truncatedOrExtendedTokensAreRefused() {
        String token = tokens.issue(BRANCH);
        for (int length = 0; length < token.length(); length++) {
            assertThat(tokens.verify(token.substring(0, length))).as("first %d characters", length).isEmpty();
        }
        assertThat(tokens.verify(token + "A")).isEmpty();
        assertThat(tokens.verify(token + ".")).isEmpty();
        assertThat(tokens.verify(token + "=")).isEmpty();
    }

    @Test
    void tokenOfAnotherKeyIsRefused() {
        assertThat(new CallbackTokens(key(2)).verify(tokens.issue(MAIN))).isEmpty();
    }

    @Test
    void payloadOfAnotherStepUnderTheOriginalMacIsRefused() {
        String a = tokens.issue(MAIN);
        String b = tokens.issue(new CallbackToken(MAIN.runId(), "", 4));
        String spliced = b.substring(0, b.lastIndexOf('.')) + a.substring(a.lastIndexOf('.'));
        assertThat(tokens.verify(spliced)).isEmpty();
    }

    @Test
    void garbageNeverThrows() {
        Random random = new Random(42);
        String[] fixed = {null, "", ".", "..", "hrt1.", "hrt1..", "hrt1.a.b", "hrt2." + tokens.issue(MAIN).substring(5),
                "hrt1.====.====", "hrt1.\u0000.\u0000", "hrt1.é.é", "hrt1." + "A".repeat(5000) + ".x",
                " " + tokens.issue(MAIN), tokens.issue(MAIN).toUpperCase()};
        for (String text : fixed) {
            assertThat(tokens.verify(text)).as("%s", text).isEmpty();
        }
        for (int i = 0; i < 2000; i++) {
            char[] chars = new char[random.nextInt(200)];
            for (int j = 0; j < chars.length; j++) {
                chars[j] = (char) random.nextInt(0x80);
            }
            assertThat(tokens.verify("hrt1." + new String(chars))).isEmpty();
        }
    }

    @Test
    void longerThanTheBoundIsRefusedBeforeDecoding() {
        assertThat(tokens.verify("hrt1." + "A".repeat(CallbackTokens.MAX_TOKEN_CHARS))).isEmpty();
        assertThatThrownBy(() -> tokens.issue(new CallbackToken(MAIN.runId(), "1.0/".repeat(300), 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keyShorterThan32BytesIsRefused() {
        assertThatThrownBy(() -> new CallbackTokens(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keyFileAndSecretStringMakeTokens(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("callback.key");
        Files.write(file, KEY);
        assertThat(CallbackKeys.fromFile(file).issue(MAIN)).isEqualTo(tokens.issue(MAIN));
        String secret = "a".repeat(64);
        assertThat(CallbackKeys.fromSecretString(secret).issue(MAIN))
                .isEqualTo(new CallbackTokens(secret.getBytes(StandardCharsets.UTF_8)).issue(MAIN));
        Files.write(file, new byte[8]);
        assertThatThrownBy(() -> CallbackKeys.fromFile(file)).isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining(Arrays.toString(new byte[8]));
        assertThatThrownBy(() -> CallbackKeys.fromSecretString("short")).isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("short");
    }

    private static byte[] key(int seed) {
        byte[] key = new byte[32];
        new Random(seed).nextBytes(key);
        return key;
    }
}
