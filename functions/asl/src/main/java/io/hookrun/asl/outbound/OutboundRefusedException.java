package io.hookrun.asl.outbound;

import java.io.IOException;

/**
 * An outbound call that {@link OutboundGuard} did not let go: its host is, or resolves to, an internal address. An
 * {@link IOException} so that it travels through {@link io.hookrun.asl.HttpInvoker#invoke}; the Task turns it into the
 * state failure {@code hookrun.OutboundRefused}. The message names the host and the kind of address, never the path,
 * query string or headers (which may carry secrets).
 */
public final class OutboundRefusedException extends IOException {

    private final String host;

    public OutboundRefusedException(String host, String reason) {
        super("calls to " + host + " are refused: " + reason
                + " (hookrun.outbound.allow-hosts lists internal hosts that may be called)");
        this.host = host;
    }

    public String host() {
        return host;
    }
}
