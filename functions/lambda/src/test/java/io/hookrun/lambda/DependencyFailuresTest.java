package io.hookrun.lambda;

import com.fasterxml.jackson.core.JsonParseException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/** Outage or bug: what decides between 503 + Retry-After (and a retry) and 500 with a request id. */
class DependencyFailuresTest {

    @Test
    void sdkCallsWithoutAnAnswer_areOutages() {
        assertThat(DependencyFailures.isDependencyFailure(SdkClientException.create("connection reset"))).isTrue();
        assertThat(DependencyFailures.isDependencyFailure(ApiCallTimeoutException.create(3000))).isTrue();
    }

    @Test
    void aResetMidRequestThatTheUrlConnectionClientLetsEscapeUnwrapped_isAnOutage() {
        // Seen in the end-to-end suite: SqsClient.sendMessage threw this, not an SdkClientException.
        assertThat(DependencyFailures.isDependencyFailure(
                new UncheckedIOException(new IOException("Error writing to server")))).isTrue();
        assertThat(DependencyFailures.isDependencyFailure(new ConnectException("Connection refused"))).isTrue();
        assertThat(DependencyFailures.isDependencyFailure(new SocketTimeoutException("Read timed out"))).isTrue();
    }

    @Test
    void serviceAnswers_areOutagesOnlyWhenTheySayNotNow() {
        assertThat(DependencyFailures.isDependencyFailure(service(503))).isTrue();
        assertThat(DependencyFailures.isDependencyFailure(service(429))).isTrue();
        assertThat(DependencyFailures.isDependencyFailure(service(400))).isFalse();
    }

    @Test
    void databaseConnectionFailures_areOutages_evenWrapped() {
        // Micronaut Data wraps SQL failures in its DataAccessException, a RuntimeException: the cause decides.
        assertThat(DependencyFailures.isDependencyFailure(new RuntimeException("no connection",
                new SQLTransientConnectionException("pool timeout")))).isTrue();
        assertThat(DependencyFailures.isDependencyFailure(new SQLException("terminated", "57P01"))).isTrue();
        assertThat(DependencyFailures.isDependencyFailure(new SQLException("syntax error", "42601"))).isFalse();
    }

    @Test
    void bugs_areNotOutages_jsonThatDoesNotParseIncluded() {
        assertThat(DependencyFailures.isDependencyFailure(new IllegalStateException("a bug"))).isFalse();
        assertThat(DependencyFailures.isDependencyFailure(new NullPointerException())).isFalse();
        assertThat(DependencyFailures.isDependencyFailure(
                new UncheckedIOException(new JsonParseException(null, "Unexpected character")))).isFalse();
    }

    private static SdkServiceException service(int status) {
        return SdkServiceException.builder().statusCode(status).message("status " + status).build();
    }
}
