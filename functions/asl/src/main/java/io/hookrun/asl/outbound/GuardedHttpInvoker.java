package io.hookrun.asl.outbound;

import io.hookrun.asl.HttpInvoker;

import java.io.IOException;

/**
 * An {@link HttpInvoker} that asks the {@link OutboundGuard} before each call and makes it only when allowed. Redirects
 * need no second check: the invoker behind never follows them ({@link io.hookrun.asl.JdkHttpInvoker}), so a 3xx
 * pointing inside the cloud is only the Task's result ({@code States.Http.StatusCode.3xx}).
 */
public final class GuardedHttpInvoker implements HttpInvoker {

    private final HttpInvoker delegate;
    private final OutboundGuard guard;

    public GuardedHttpInvoker(HttpInvoker delegate, OutboundGuard guard) {
        this.delegate = delegate;
        this.guard = guard;
    }

    /** @throws OutboundRefusedException when the guard refuses the call, which is then not made */
    @Override
    public HttpResult invoke(HttpCall call) throws IOException {
        guard.check(call.uri());
        return delegate.invoke(call);
    }
}
