package io.hookrun.local.function;

import io.hookrun.local.template.SamTemplate;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * One function of the template, loaded the way Lambda loads it: from the jar its {@code CodeUri} names, in a
 * class loader of its own that sees nothing but the JDK and that jar, with an application context configured
 * only by its template environment (as environment variables) plus the local endpoints. Events cross into
 * the function as JSON, as they do on Lambda. A missing jar on the class path is a bug this catches.
 * When the jar has not been built, the function runs from the class path instead, and says so.
 *
 * <p>Invocations may run concurrently: the HTTP API serves each request on a thread of its own, and each SQS
 * poller invokes on its own thread. Nothing here is per invocation except the Lambda context object, and the
 * function's class loader is made the context class loader of the invoking thread only, for the length of the
 * call (and restored after it), so concurrent calls neither see nor undo each other's. Lambda would give each
 * concurrent invocation an execution environment of its own; here they share one handler instance and its
 * application context, so the handlers must be thread-safe (their beans are stateless singletons).
 */
public final class FunctionHost implements AutoCloseable {

    /** Serialises events on the runtime's side of the boundary. */
    private static final JsonMapper RUNTIME_JSON = JsonMapper.createDefault();

    private final SamTemplate.Function function;
    private final ClassLoader loader;
    private final Object handler;
    private final Method handleRequest;
    private final Object functionJson;
    private final Method readValue;
    private final Method writeValue;
    private final Class<?> inputType;
    private final Class<?> contextType;
    private final Class<?> loggerType;
    private final boolean fromJar;
    private final KilledInvocations kills;

    /**
     * Loads and starts the function: its handler builds its application context in the constructor.
     *
     * @param templateDirectory where {@code CodeUri} paths start
     * @param environment       the function's resolved template environment, as Lambda would set it
     * @param localProperties   Micronaut properties on top (endpoint overrides of the local stand-ins)
     */
    public FunctionHost(SamTemplate.Function function, Path templateDirectory, Map<String, Object> environment,
                        Map<String, Object> localProperties) {
        this(function, templateDirectory, environment, localProperties, KilledInvocations.none());
    }

    /** As the other constructor, with the kill fault {@code kills} armed in the function. */
    public FunctionHost(SamTemplate.Function function, Path templateDirectory, Map<String, Object> environment,
                        Map<String, Object> localProperties, KilledInvocations kills) {
        this.function = function;
        this.kills = kills;
        Path jar = function.codeUri() == null ? null : templateDirectory.resolve(function.codeUri()).normalize();
        this.fromJar = jar != null && Files.isRegularFile(jar);
        try {
            this.loader = fromJar
                    ? new URLClassLoader("function-" + function.logicalId(), new URL[]{jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())
                    : FunctionHost.class.getClassLoader();
            if (!fromJar && jar != null) {
                System.err.println("[" + function.logicalId() + "] no jar at " + jar + " (./mvnw package builds it): running from the class path");
            }
            this.handler = inFunction(() -> newHandler(environment, localProperties));
            this.handleRequest = handler.getClass().getMethod("handleRequest", Object.class, loader.loadClass(
                    "com.amazonaws.services.lambda.runtime.Context"));
            Object context = handler.getClass().getMethod("getApplicationContext").invoke(handler);
            Class<?> jsonMapperType = loader.loadClass("io.micronaut.json.JsonMapper");
            this.functionJson = context.getClass().getMethod("getBean", Class.class).invoke(context, jsonMapperType);
            this.readValue = jsonMapperType.getMethod("readValue", byte[].class, Class.class);
            this.writeValue = jsonMapperType.getMethod("writeValueAsBytes", Object.class);
            this.inputType = inputType(handler.getClass());
            this.contextType = loader.loadClass("com.amazonaws.services.lambda.runtime.Context");
            this.loggerType = loader.loadClass("com.amazonaws.services.lambda.runtime.LambdaLogger");
        } catch (Exception e) {
            throw new IllegalStateException(function.logicalId() + ": cannot load handler " + function.handler()
                    + (fromJar ? " from " + jar : "") + ": " + rootCause(e), e);
        }
    }

    public String logicalId() {
        return function.logicalId();
    }

    public SamTemplate.Function function() {
        return function;
    }

    /** Whether the function runs from its deployable jar (true) or from the class path. */
    public boolean fromJar() {
        return fromJar;
    }

    /** Invokes the function with an event object of the runtime's own classes; returns the response as {@code type}. */
    public <T> T invoke(Object event, Class<T> type) {
        try {
            byte[] response = invokeJson(RUNTIME_JSON.writeValueAsBytes(event));
            return RUNTIME_JSON.readValue(response, type);
        } catch (IOException e) {
            throw new IllegalStateException(function.logicalId() + ": event or response does not serialise: " + e.getMessage(), e);
        }
    }

    /**
     * Invokes the function once with a Lambda event as JSON, as the Lambda runtime does, under a fresh context
     * whose deadline is the function's Timeout; returns the response JSON. Handler exceptions are rethrown.
     */
    public byte[] invokeJson(byte[] eventJson) {
        return kills.during(function.logicalId(), () -> inFunction(() -> {
            Object event = readValue.invoke(functionJson, eventJson, inputType);
            Object response = handleRequest.invoke(handler, event, lambdaContext());
            return (byte[]) writeValue.invoke(functionJson, response);
        }));
    }

    private Object newHandler(Map<String, Object> environment, Map<String, Object> localProperties) throws Exception {
        Class<?> contextClass = loader.loadClass("io.micronaut.context.ApplicationContext");
        Class<?> builderClass = loader.loadClass("io.micronaut.context.ApplicationContextBuilder");
        Class<?> sourceClass = loader.loadClass("io.micronaut.context.env.PropertySource");
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<Enum> conventionClass = (Class<Enum>) loader.loadClass("io.micronaut.context.env.PropertySource$PropertyConvention");
        Object builder = contextClass.getMethod("builder").invoke(null);
        builderClass.getMethod("deduceEnvironment", Boolean.class).invoke(builder, Boolean.FALSE);
        // Only the template's variables, as on Lambda: the developer's shell environment must not leak in.
        builderClass.getMethod("environmentPropertySource", boolean.class).invoke(builder, false);
        Object sources = Array.newInstance(sourceClass, 2);
        Array.set(sources, 0, sourceClass.getMethod("of", String.class, Map.class, conventionClass)
                .invoke(null, "template-environment", environment, Enum.valueOf(conventionClass, "ENVIRONMENT_VARIABLE")));
        Array.set(sources, 1, sourceClass.getMethod("of", String.class, Map.class).invoke(null, "local-endpoints", localProperties));
        builderClass.getMethod("propertySources", sources.getClass()).invoke(builder, sources);
        java.util.Optional<Object> killing = kills.beanDefinition(loader);
        if (killing.isPresent()) {
            Class<?> definitionClass = loader.loadClass("io.micronaut.context.RuntimeBeanDefinition");
            Object definitions = Array.newInstance(definitionClass, 1);
            Array.set(definitions, 0, killing.get());
            builderClass.getMethod("beanDefinitions", definitions.getClass()).invoke(builder, definitions);
        }
        return loader.loadClass(function.handler()).getConstructor(builderClass).newInstance(builder);
    }

    /** The Lambda Context, as an instance of the function's own copy of the interface. */
    private Object lambdaContext() {
        LocalLambdaContext local = new LocalLambdaContext(function.logicalId(), function.timeoutSeconds(), function.memoryMb());
        Object logger = Proxy.newProxyInstance(loader, new Class<?>[]{loggerType}, (proxy, method, args) -> {
            if (method.getName().equals("log") && args != null && args.length >= 1) {
                System.err.println(args[0] instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(args[0]));
            }
            return null;
        });
        return Proxy.newProxyInstance(loader, new Class<?>[]{contextType}, (proxy, method, args) -> switch (method.getName()) {
            case "getLogger" -> logger;
            case "getIdentity", "getClientContext" -> null;
            case "toString" -> "LocalLambdaContext[" + function.logicalId() + "]";
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> LocalLambdaContext.class.getMethod(method.getName()).invoke(local);
        });
    }

    private <T> T inFunction(Callable<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return work.call();
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    static Class<?> inputType(Class<?> handlerClass) {
        for (Class<?> c = handlerClass; c != null; c = c.getSuperclass()) {
            if (c.getGenericSuperclass() instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof Class<?> input) {
                return input;
            }
        }
        throw new IllegalStateException(handlerClass + " does not declare its event type");
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.toString();
    }

    @Override
    public void close() {
        inFunction(() -> {
            if (handler instanceof AutoCloseable closeable) {
                closeable.close();
            } else {
                handler.getClass().getMethod("close").invoke(handler);
            }
            return null;
        });
        if (loader instanceof URLClassLoader own) {
            try {
                own.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
