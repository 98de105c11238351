package io.hookrun.local.function;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The kill fault ({@code ./hookrun local --kill-after-call <State>[:<times>]}): the invocation executing a Task state
 * named here dies after the Task's call was answered and before its result is recorded, as it would on Lambda when
 * the function times out or its runtime crashes there. Nothing of the step is recorded, its claim is not released
 * (its lease has to lapse), and the invocation returns no batch response: its SQS messages come back after their
 * visibility timeout. Each named state is killed this many times, then runs normally.
 *
 * <p>How: the function's {@code RunHistory} bean is wrapped (a {@code BeanCreatedEventListener<RunHistory>} handed to
 * the function's application context as a runtime bean definition; nothing of it is in the function's jar). The
 * wrapper notes each Task step claimed for a named state; when that step's end ({@code finishState} or
 * {@code pauseState}) is about to be written, it throws {@link Killed}, an {@link Error}: the step function releases
 * a claim on exceptions only, and catches no {@code Error}. {@link FunctionHost} then discards whatever the invocation
 * returns and throws {@link InvocationKilledException}, so the event source deletes nothing.
 *
 * <p>Which invocation a kill belongs to is carried by an inheritable thread-local: the step function runs the records
 * of a batch on threads it creates during the invocation, which inherit it.
 */
public final class KilledInvocations {

    /** Thrown inside the function where its invocation dies. Not an exception: nothing in the function catches it. */
    public static final class Killed extends Error {
        Killed(String message) {
            super(message, null, false, false);
        }
    }

    private static final KilledInvocations NONE = new KilledInvocations(Map.of());

    /** The invocation running on this thread (and on the threads it started): set by {@link #during}. */
    private final InheritableThreadLocal<AtomicBoolean> invocation = new InheritableThreadLocal<>();
    private final Map<String, AtomicInteger> remaining = new ConcurrentHashMap<>();
    /** Task steps claimed for a named state, not yet ended: {@code runId/frame/sequence} to state name. */
    private final Map<String, String> claimed = new ConcurrentHashMap<>();

    /** @param timesByState how many invocations to kill per Task state name */
    public KilledInvocations(Map<String, Integer> timesByState) {
        timesByState.forEach((state, times) -> {
            if (times < 1) {
                throw new IllegalArgumentException("a kill fault on '" + state + "' needs at least 1 time, got " + times);
            }
            remaining.put(state, new AtomicInteger(times));
        });
    }

    public static KilledInvocations none() {
        return NONE;
    }

    public boolean isEmpty() {
        return remaining.isEmpty();
    }

    /** Kills still to come, by state name. */
    public Map<String, Integer> remaining() {
        Map<String, Integer> left = new java.util.TreeMap<>();
        remaining.forEach((state, times) -> left.put(state, times.get()));
        return left;
    }

    /**
     * Runs one invocation of the function; when it was killed, throws {@link InvocationKilledException} whatever the
     * handler returned or threw.
     */
    <T> T during(String function, Supplier<T> invocationWork) {
        if (isEmpty()) {
            return invocationWork.get();
        }
        AtomicBoolean killed = new AtomicBoolean();
        invocation.set(killed);
        try {
            T result;
            try {
                result = invocationWork.get();
            } catch (RuntimeException | Error e) {
                if (killed.get()) {
                    throw new InvocationKilledException(function, e);
                }
                throw e;
            }
            if (killed.get()) {
                throw new InvocationKilledException(function, null);
            }
            return result;
        } finally {
            invocation.remove();
        }
    }

    /**
     * The runtime bean definition (an instance of the function's own {@code RuntimeBeanDefinition}) that wraps its
     * {@code RunHistory} bean; empty when the function has no run history or there is nothing to kill.
     */
    Optional<Object> beanDefinition(ClassLoader loader) throws ReflectiveOperationException {
        if (isEmpty()) {
            return Optional.empty();
        }
        Class<?> historyType;
        try {
            historyType = loader.loadClass("io.hookrun.core.run.RunHistory");
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
        Class<?> listenerType = loader.loadClass("io.micronaut.context.event.BeanCreatedEventListener");
        Method getBean = loader.loadClass("io.micronaut.context.event.BeanEvent").getMethod("getBean");
        Object listener = Proxy.newProxyInstance(loader, new Class<?>[]{listenerType}, (proxy, method, args) -> {
            if (method.getName().equals("onCreated")) {
                Object history = getBean.invoke(args[0]);
                return Proxy.newProxyInstance(loader, new Class<?>[]{historyType}, new KillingHistory(history));
            }
            return objectMethod(proxy, method, args);
        });
        Class<?> argumentType = loader.loadClass("io.micronaut.core.type.Argument");
        Object listenerArgument = argumentType.getMethod("of", Class.class, Class[].class)
                .invoke(null, listenerType, new Class<?>[]{historyType});
        Class<?> definitionType = loader.loadClass("io.micronaut.context.RuntimeBeanDefinition");
        Supplier<Object> supplier = () -> listener;
        Object builder = definitionType.getMethod("builder", argumentType, Supplier.class)
                .invoke(null, listenerArgument, supplier);
        Class<?> builderType = loader.loadClass("io.micronaut.context.RuntimeBeanDefinition$Builder");
        builderType.getMethod("singleton", boolean.class).invoke(builder, true);
        return Optional.of(builderType.getMethod("build").invoke(builder));
    }

    private static Object objectMethod(Object proxy, Method method, Object[] args) throws Throwable {
        return switch (method.getName()) {
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            case "toString" -> "KilledInvocations$" + proxy.getClass().getInterfaces()[0].getSimpleName();
            default -> InvocationHandler.invokeDefault(proxy, method, args);
        };
    }

    /** The function's run history, dying at the end of a claimed Task step of a named state. */
    private final class KillingHistory implements InvocationHandler {

        private final Object delegate;

        KillingHistory(Object delegate) {
            this.delegate = delegate;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (method.getDeclaringClass() == Object.class) {
                return name.equals("toString") ? "KillingHistory[" + delegate + "]" : objectMethod(proxy, method, args);
            }
            if ((name.equals("finishState") || name.equals("pauseState")) && args.length == 1) {
                String key = stepKey(args[0]);
                String state = claimed.remove(key);
                if (state != null && takeKill(state)) {
                    throw new Killed("--kill-after-call " + state + ": the invocation dies after the call of step "
                            + key + ", before its result is recorded");
                }
            }
            Object result = call(method, args);
            if (name.equals("claimState") && args.length >= 1 && result != null
                    && result.getClass().getSimpleName().equals("Claimed")) {
                Object start = args[0];
                String state = (String) accessor(start, "stateName");
                if ("Task".equals(accessor(start, "stateType")) && remaining.containsKey(state)) {
                    claimed.put(stepKey(start), state);
                }
            }
            return result;
        }

        private Object call(Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(delegate, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        /** Takes one kill of {@code state} for the invocation on this thread; false when none are left. */
        private boolean takeKill(String state) {
            AtomicBoolean current = invocation.get();
            AtomicInteger left = remaining.get(state);
            if (current == null || left == null || left.getAndUpdate(n -> Math.max(0, n - 1)) <= 0) {
                return false;
            }
            current.set(true);
            return true;
        }
    }

    private static String stepKey(Object step) throws ReflectiveOperationException {
        return List.of(accessor(step, "runId"), accessor(step, "frame"), accessor(step, "sequence")).toString();
    }

    private static Object accessor(Object record, String component) throws ReflectiveOperationException {
        return record.getClass().getMethod(component).invoke(record);
    }
}
