package io.hookrun.bench.driver;

import com.amazonaws.services.lambda.runtime.RequestHandler;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for the Lambda Java runtime in a fresh JVM, for one invocation: loads the handler class named on the
 * command line, constructs it with its no-argument constructor, gets the serializers for its event and response
 * types, reads the event file, invokes {@code handleRequest} once with a {@link BenchContext}, writes the response,
 * and prints the times. It does what the runtime's {@code EventHandlerLoader} does, in the same order: handler
 * construction and serializer lookup belong to the init phase, reading the event, the call and writing the response
 * to the invoke phase (aws-lambda-java-runtime-interface-client, {@code EventHandlerLoader.wrapPojoHandler}).
 *
 * <p>Output, on stdout: one line {@code answered init_ms=<n> invoke_ms=<n>}, then the response JSON on one line,
 * then (after the answer, so outside the measured time) {@code classes_loaded=<n> cpu_ms=<n>}: the classes loaded
 * and the CPU time the JVM used until then, all threads (a busy machine stretches wall time more than CPU time).
 * The benchmark measures the time to first answer from outside, from process start to the first line, so JVM
 * start-up counts too.
 *
 * <p>With {@code --prime}, the function's SnapStart hooks run between init and the invocation
 * ({@link #simulateSnapshot}), and a line {@code primed prime_ms=<n>} comes first: the invoke time is then that of the
 * first request of an environment restored from a primed snapshot.
 *
 * <p>Usage: {@code java -cp <function.jar>:cold-start-driver.jar io.hookrun.bench.driver.ColdStartDriver
 * <handler class> <event.json> [--prime]}
 */
public final class ColdStartDriver {

    private ColdStartDriver() {
    }

    public static void main(String[] args) throws Exception {
        boolean prime = args.length == 3 && args[2].equals("--prime");
        if (args.length != 2 && !prime) {
            System.err.println("usage: ColdStartDriver <handler class> <event.json> [--prime]");
            System.exit(2);
        }
        long start = System.nanoTime();
        ClassLoader loader = ColdStartDriver.class.getClassLoader();
        Class<?> handlerClass = Class.forName(args[0], true, loader);
        @SuppressWarnings("unchecked")
        RequestHandler<Object, Object> handler =
                (RequestHandler<Object, Object>) handlerClass.getConstructor().newInstance();
        Type[] types = requestHandlerTypes(handlerClass);
        RuntimeSerializer input = RuntimeSerializer.forType(rawClass(types[0]), loader);
        RuntimeSerializer output = RuntimeSerializer.forType(rawClass(types[1]), loader);
        long initialised = System.nanoTime();
        long invokeStart = initialised;
        if (prime) {
            // Outside the measured invoke: on Lambda this runs at deploy time, before the snapshot.
            simulateSnapshot(handler, loader);
            long primed = System.nanoTime();
            System.out.println("primed prime_ms=" + TimeUnit.NANOSECONDS.toMillis(primed - initialised));
            invokeStart = primed;
        }

        byte[] event = Files.readAllBytes(Path.of(args[1]));
        Object response = handler.handleRequest(input.read(new ByteArrayInputStream(event)),
                new BenchContext(handlerClass.getSimpleName()));
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        output.write(response, answer);
        long answered = System.nanoTime();

        System.out.println("answered init_ms=" + TimeUnit.NANOSECONDS.toMillis(initialised - start)
                + " invoke_ms=" + TimeUnit.NANOSECONDS.toMillis(answered - invokeStart));
        System.out.println(answer.toString(StandardCharsets.UTF_8).replace('\n', ' '));
        System.out.flush();
        long cpuMillis = ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
        System.out.println("classes_loaded=" + ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount()
                + " cpu_ms=" + cpuMillis);
        System.out.flush();
        // Whatever threads the handler left (pools, SDK reapers) must not keep this JVM alive: the run is over.
        System.exit(0);
    }

    /**
     * What SnapStart does between init and the first invocation of a restored environment, in this JVM: the function's
     * {@code beforeCheckpoint} priming hooks, then its {@code afterRestore} hooks
     * ({@code io.hookrun.lambda.snapstart.SnapStartPriming#simulateSnapshot}). Called by reflection: the driver is
     * put on the class path of any handler, and only hookrun's handlers have the hooks. The snapshot itself (the JVM
     * written to disk and resumed elsewhere) is not simulated: that costs Lambda a restore time of its own.
     */
    static void simulateSnapshot(Object handler, ClassLoader loader) throws Exception {
        Class<?> contextType = Class.forName("io.micronaut.context.ApplicationContext", false, loader);
        Object context = handler.getClass().getMethod("getApplicationContext").invoke(handler);
        Class.forName("io.hookrun.lambda.snapstart.SnapStartPriming", true, loader)
                .getMethod("simulateSnapshot", contextType).invoke(null, context);
    }

    /**
     * The event and response types of {@code RequestHandler<I, O>} as {@code handlerClass} binds them, however
     * many generic superclasses lie in between (WebhookHandler, HttpApiHandler, LambdaHandler&lt;I, O&gt;).
     */
    static Type[] requestHandlerTypes(Class<?> handlerClass) {
        Map<TypeVariable<?>, Type> bindings = new HashMap<>();
        for (Class<?> c = handlerClass; c != null; c = c.getSuperclass()) {
            for (Type implemented : c.getGenericInterfaces()) {
                if (implemented instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
                    Type[] arguments = p.getActualTypeArguments();
                    return new Type[]{resolve(arguments[0], bindings), resolve(arguments[1], bindings)};
                }
            }
            if (c.getGenericSuperclass() instanceof ParameterizedType p) {
                TypeVariable<?>[] variables = ((Class<?>) p.getRawType()).getTypeParameters();
                Type[] arguments = p.getActualTypeArguments();
                for (int i = 0; i < variables.length; i++) {
                    bindings.put(variables[i], resolve(arguments[i], bindings));
                }
            }
        }
        throw new IllegalArgumentException(handlerClass.getName() + " does not implement RequestHandler<I, O>");
    }

    private static Type resolve(Type type, Map<TypeVariable<?>, Type> bindings) {
        return type instanceof TypeVariable<?> variable ? bindings.getOrDefault(variable, Object.class) : type;
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }
}
