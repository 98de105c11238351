package io.hookrun.workflowstep;

import io.hookrun.asl.HttpInvoker;
import io.hookrun.asl.outbound.OutboundRefusedException;
import io.hookrun.testsupport.emulator.AwsDefaults;
import io.hookrun.testsupport.emulator.FreePorts;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The step function's {@link HttpInvoker} bean as configured by {@code hookrun.outbound.*}: the guard refuses internal
 * addresses by default (loopback included), an allow-list entry lets a call through to the breaker and the client, and
 * an unreachable breaker table does not stop the call (fail open). DynamoDB and the callee are closed loopback ports.
 */
class OutboundWiringIT {

    private static ApplicationContext context(Map<String, Object> outbound) {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "hookrun.table-name", "hookrun",
                "aws.region", AwsDefaults.REGION,
                "aws.services.dynamodb.endpoint-override", "http://127.0.0.1:" + FreePorts.find()));
        properties.putAll(outbound);
        AwsDefaults.applyToSystemProperties();
        return ApplicationContext.builder().deduceEnvironment(false).environmentPropertySource(false)
                .properties(properties).start();
    }

    private static Throwable call(ApplicationContext context, String url) {
        return catchThrowable(() -> context.getBean(HttpInvoker.class).invoke(new HttpInvoker.HttpCall("GET",
                URI.create(url), Map.of(), new byte[0], Duration.ofSeconds(5))));
    }

    @Test
    void byDefault_loopbackAndTheMetadataEndpointAreRefused() {
        try (ApplicationContext context = context(Map.of())) {
            assertThat(call(context, "http://169.254.169.254/latest/meta-data/")).isInstanceOf(OutboundRefusedException.class);
            assertThat(call(context, "http://127.0.0.1:" + FreePorts.find() + "/")).isInstanceOf(OutboundRefusedException.class);
        }
    }

    @Test
    void allowHostsFromTheEnvironmentsCommaSeparatedList_letsTheCallGo_evenWithTheBreakerTableDown() {
        int closed = FreePorts.find();
        try (ApplicationContext context = context(Map.of("hookrun.outbound.allow-hosts", "intranet.example,127.0.0.0/8"))) {
            Throwable failure = call(context, "http://127.0.0.1:" + closed + "/");

            assertThat(failure).isInstanceOf(IOException.class).isNotInstanceOf(OutboundRefusedException.class);
            assertThat(failure).isInstanceOf(ConnectException.class);
            assertThat(call(context, "http://169.254.169.254/")).isInstanceOf(OutboundRefusedException.class);
        }
    }

    @Test
    void allowLoopback_letsLoopbackCallsGo_butNotOtherInternalAddresses() {
        try (ApplicationContext context = context(Map.of("hookrun.outbound.allow-loopback", "true"))) {
            assertThat(call(context, "http://127.0.0.1:" + FreePorts.find() + "/")).isInstanceOf(ConnectException.class);
            assertThat(call(context, "http://10.0.0.1/")).isInstanceOf(OutboundRefusedException.class);
        }
    }
}
