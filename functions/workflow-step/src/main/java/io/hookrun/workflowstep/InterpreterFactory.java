package io.hookrun.workflowstep;

import io.hookrun.asl.HttpInvoker;
import io.hookrun.asl.JdkHttpInvoker;
import io.hookrun.asl.StateInterpreter;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/**
 * The ASL interpreter with the JDK HTTP client for {@code http:invoke} tasks (no extra HTTP library in the jar). Each
 * call ends {@code hookrun.step.time-margin} before the invocation does, leaving time to record its result.
 */
@Factory
public class InterpreterFactory {

    @Singleton
    HttpInvoker httpInvoker() {
        return new JdkHttpInvoker();
    }

    @Singleton
    StateInterpreter stateInterpreter(HttpInvoker http, StepConfiguration config) {
        return new StateInterpreter(http, config.timeMargin());
    }
}
