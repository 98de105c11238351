package io.hookrun.workflowstep;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.util.List;

/**
 * What outbound calls of Tasks may reach (docs/adr/0007, "Outbound safety"), bound from {@code hookrun.outbound.*}
 * (on Lambda {@code HOOKRUN_OUTBOUND_ALLOW_HOSTS}, from the template's {@code OutboundAllowHosts} parameter).
 *
 * @param allowHosts    internal hosts that may be called all the same: host names, IP addresses, CIDR blocks
 *                      (comma-separated in the environment variable)
 * @param allowLoopback whether loopback addresses may be called: {@code ./hookrun local} sets it so that workflows can
 *                      call servers on the same machine; never deployed
 */
@ConfigurationProperties("hookrun.outbound")
public record OutboundConfiguration(
        @Nullable List<String> allowHosts,
        @Bindable(defaultValue = "false") boolean allowLoopback) {

    public OutboundConfiguration {
        allowHosts = allowHosts == null ? List.of() : List.copyOf(allowHosts);
    }
}
