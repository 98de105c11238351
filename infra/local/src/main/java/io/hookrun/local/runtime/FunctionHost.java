package io.hookrun.local.runtime;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.hookrun.local.template.SamTemplate;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.ApplicationContextProvider;
import io.micronaut.context.env.PropertySource;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One function of the template, loaded the way Lambda loads it: the handler class named in the template,
 * in an application context of its own, configured only by its template environment (as environment
 * variables) plus the local endpoints. Functions therefore stay as isolated from each other as on Lambda.
 */
public final class FunctionHost implements AutoCloseable {

    private final SamTemplate.Function function;
    private final RequestHandler<Object, Object> handler;

    @SuppressWarnings("unchecked")
    FunctionHost(SamTemplate.Function function, Map<String, Object> environment, Map<String, Object> localProperties) {
        this.function = function;
        ApplicationContextBuilder builder = ApplicationContext.builder()
                .deduceEnvironment(false)
                .propertySources(
                        PropertySource.of("template-environment", environment, PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE),
                        PropertySource.of("local-endpoints", localProperties));
        try {
            Class<?> type = Class.forName(function.handler());
            this.handler = (RequestHandler<Object, Object>) type.getConstructor(ApplicationContextBuilder.class).newInstance(builder);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(function.logicalId() + ": cannot load handler " + function.handler()
                    + " with an (ApplicationContextBuilder) constructor: " + e, e);
        }
    }

    public String logicalId() {
        return function.logicalId();
    }

    public SamTemplate.Function function() {
        return function;
    }

    /** Invokes the handler once, with a fresh Lambda context whose deadline is the function's Timeout. */
    public Object invoke(Object event) {
        return handler.handleRequest(event, new LocalLambdaContext(function.logicalId(), function.timeoutSeconds(),
                function.memoryMb()));
    }

    /** Reads a Lambda event (JSON) into the handler's input type, as the Lambda runtime does. */
    public Object readEvent(String json) throws IOException {
        return jsonMapper().readValue(json.getBytes(StandardCharsets.UTF_8), inputType());
    }

    public String writeJson(Object value) throws IOException {
        return new String(jsonMapper().writeValueAsBytes(value), StandardCharsets.UTF_8);
    }

    /** The {@code I} of the handler's {@code RequestHandler<I, O>}. */
    public Class<?> inputType() {
        return inputType(handler.getClass());
    }

    static Class<?> inputType(Class<?> handlerClass) {
        for (Class<?> c = handlerClass; c != null; c = c.getSuperclass()) {
            Type superType = c.getGenericSuperclass();
            if (superType instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof Class<?> input) {
                return input;
            }
        }
        throw new IllegalStateException(handlerClass + " does not declare its event type");
    }

    private JsonMapper jsonMapper() {
        return ((ApplicationContextProvider) handler).getApplicationContext().getBean(JsonMapper.class);
    }

    @Override
    public void close() {
        if (handler instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // shutting down anyway
            }
        }
    }
}
