package io.hookrun.workflowstep;

import io.hookrun.asl.JdkHttpInvoker;
import io.hookrun.asl.StateInterpreter;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** The ASL interpreter with the JDK HTTP client for {@code http:invoke} tasks: no extra HTTP library in the jar. */
@Factory
public class InterpreterFactory {

    @Singleton
    StateInterpreter stateInterpreter() {
        return new StateInterpreter(new JdkHttpInvoker());
    }
}
