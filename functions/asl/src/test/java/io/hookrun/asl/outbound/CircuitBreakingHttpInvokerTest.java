package io.hookrun.asl.outbound;

import io.hookrun.asl.HttpInvoker;
import io.hookrun.core.outbound.BreakerSettings;
import io.hookrun.core.outbound.InMemoryCircuitBreaker;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@link CircuitBreakingHttpInvoker} over a scripted transport and the in-memory breaker; no network. */
class CircuitBreakingHttpInvokerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private final List<URI> sent = new ArrayList<>();
    private int status = 200;
    private boolean refuse;
    private final InMemoryCircuitBreaker breaker = new InMemoryCircuitBreaker(
            new BreakerSettings(0.5, 4, Duration.ofSeconds(60), Duration.ofSeconds(30)));
    private Clock clock = Clock.fixed(T0, ZoneOffset.UTC);

    private final HttpInvoker transport = call -> {
        sent.add(call.uri());
        if (refuse) {
            throw new ConnectException("Connection refused");
        }
        return new HttpInvoker.HttpResult(status, Map.of(), new byte[0]);
    };

    private HttpInvoker.HttpResult call(String url) throws IOException {
        return new CircuitBreakingHttpInvoker(transport, breaker, clock)
                .invoke(new HttpInvoker.HttpCall("GET", URI.create(url), Map.of(), new byte[0], Duration.ofSeconds(5)));
    }

    @Test
    void fiveHundredsAndTooManyRequestsAndNoAnswer_countAsFailures_andOpenTheBreaker() throws Exception {
        status = 503;
        call("https://api.example.com/a");
        status = 429;
        call("https://API.example.com/b");
        status = 200;
        call("https://api.example.com/c");
        refuse = true;
        assertThatThrownBy(() -> call("https://api.example.com/d")).isInstanceOf(ConnectException.class);

        CircuitOpenException open = catchThrowableOfType(CircuitOpenException.class, () -> call("https://api.example.com/e"));

        assertThat(open.host()).isEqualTo("api.example.com");
        assertThat(open.retryAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(open.getMessage()).contains("api.example.com").contains(T0.plusSeconds(30).toString());
        assertThat(sent).hasSize(4);
        refuse = false;
        assertThat(call("https://other.example.com/").statusCode()).as("one breaker per host").isEqualTo(200);
    }

    @Test
    void clientErrorsOtherThan429_areSuccesses() throws Exception {
        status = 404;
        for (int i = 0; i < 10; i++) {
            call("https://api.example.com/missing");
        }

        assertThat(sent).hasSize(10);
    }

    @Test
    void afterOpenFor_theProbeGoes_andItsSuccessClosesTheBreaker() throws Exception {
        status = 500;
        for (int i = 0; i < 4; i++) {
            call("https://api.example.com/");
        }
        assertThatThrownBy(() -> call("https://api.example.com/")).isInstanceOf(CircuitOpenException.class);

        clock = Clock.fixed(T0.plusSeconds(30), ZoneOffset.UTC);
        status = 200;
        assertThat(call("https://api.example.com/").statusCode()).isEqualTo(200);
        assertThat(call("https://api.example.com/").statusCode()).isEqualTo(200);
        assertThat(sent).hasSize(6);
    }
}
