package io.hookrun.core.outbound;

import io.hookrun.core.outbound.CircuitBreaker.Permit;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The breaker rules ({@link BreakerState}) through {@link InMemoryCircuitBreaker}, with the default settings. */
class BreakerStateTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final String HOST = "api.example.com";

    private final InMemoryCircuitBreaker breaker = new InMemoryCircuitBreaker();

    private void calls(int successes, int failures, Instant at) {
        for (int i = 0; i < successes; i++) {
            breaker.record(HOST, false, at);
        }
        for (int i = 0; i < failures; i++) {
            breaker.record(HOST, true, at);
        }
    }

    @Test
    void halfOfTwentyCallsFailing_opensTheBreakerFor30Seconds() {
        calls(10, 10, T0.plusSeconds(5));

        assertThat(breaker.permit(HOST, T0.plusSeconds(6))).isEqualTo(new Permit.Open(T0.plusSeconds(35)));
        assertThat(breaker.open(T0.plusSeconds(6), 10)).containsExactly(
                new CircuitBreaker.OpenCircuit(HOST, T0.plusSeconds(5), T0.plusSeconds(35)));
        assertThat(breaker.permit("other.example.com", T0.plusSeconds(6))).isEqualTo(new Permit.Closed());
    }

    @Test
    void nineteenFailuresAlone_areTooFewCallsToOpen() {
        calls(0, 19, T0);

        assertThat(breaker.permit(HOST, T0)).isEqualTo(new Permit.Closed());
        assertThat(breaker.open(T0, 10)).isEmpty();
    }

    @Test
    void lessThanHalfFailing_keepsItClosed() {
        calls(11, 9, T0);

        assertThat(breaker.permit(HOST, T0)).isEqualTo(new Permit.Closed());
    }

    @Test
    void countsRestartInEachSixtySecondWindow() {
        calls(0, 15, T0.plusSeconds(50));
        calls(0, 15, T0.plusSeconds(61));

        assertThat(breaker.permit(HOST, T0.plusSeconds(62))).isEqualTo(new Permit.Closed());
    }

    @Test
    void afterOpenFor_oneProbeGoes_othersWait_andItsSuccessCloses() {
        calls(0, 20, T0);

        assertThat(breaker.permit(HOST, T0.plusSeconds(30))).isEqualTo(new Permit.Probe());
        assertThat(breaker.permit(HOST, T0.plusSeconds(31))).isEqualTo(new Permit.Open(T0.plusSeconds(60)));
        breaker.record(HOST, false, T0.plusSeconds(32));

        assertThat(breaker.permit(HOST, T0.plusSeconds(33))).isEqualTo(new Permit.Closed());
        breaker.record(HOST, true, T0.plusSeconds(33));
        assertThat(breaker.permit(HOST, T0.plusSeconds(34))).as("closing forgot the old failures").isEqualTo(new Permit.Closed());
    }

    @Test
    void aFailedProbe_opensItAgainFromTheProbesEnd() {
        calls(0, 20, T0);
        assertThat(breaker.permit(HOST, T0.plusSeconds(40))).isEqualTo(new Permit.Probe());

        breaker.record(HOST, true, T0.plusSeconds(41));

        assertThat(breaker.permit(HOST, T0.plusSeconds(42))).isEqualTo(new Permit.Open(T0.plusSeconds(71)));
    }

    @Test
    void aProbeThatNeverReports_isGivenUpAfterOpenFor_andAnotherGoes() {
        calls(0, 20, T0);
        assertThat(breaker.permit(HOST, T0.plusSeconds(30))).isEqualTo(new Permit.Probe());

        assertThat(breaker.permit(HOST, T0.plusSeconds(60))).isEqualTo(new Permit.Probe());
    }

    @Test
    void anOutcomeWhileOpenWithoutAProbe_changesNothing() {
        calls(0, 20, T0);

        breaker.record(HOST, false, T0.plusSeconds(1)); // a call let through just before it opened

        assertThat(breaker.permit(HOST, T0.plusSeconds(2))).isEqualTo(new Permit.Open(T0.plusSeconds(30)));
    }
}
