package io.hookrun.workflowstep;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class FailureTextTest {

    @Test
    void describeNamesTheClassMessageAndRootCause() {
        Throwable failure = new IllegalStateException("could not finish", new SQLException("connection refused", "08001"));

        assertThat(FailureText.describe(failure)).isEqualTo(
                "java.lang.IllegalStateException: could not finish (caused by java.sql.SQLException: connection refused)");
    }

    @Test
    void describeRedactsCredentialShapedValuesAndNulsAndIsBounded() {
        Throwable failure = new IllegalArgumentException("jdbc:postgresql://db/x?user=a&password=hunter2 token: abc123 \u0000"
                + "x".repeat(5_000));

        String text = FailureText.describe(failure);

        assertThat(text).doesNotContain("hunter2").doesNotContain("abc123").doesNotContain("\u0000")
                .contains("password=<redacted>").contains("token: <redacted>");
        assertThat(text).hasSize(FailureText.MAX_LENGTH).endsWith("...");
    }

    @Test
    void storableReplacesNulAndKeepsNull() {
        assertThat(FailureText.storable("a\u0000b")).isEqualTo("a\uFFFDb");
        assertThat(FailureText.storable(null)).isNull();
    }
}
