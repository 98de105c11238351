package io.hookrun.lambda;

import com.amazonaws.services.lambda.runtime.CustomPojoSerializer;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * How the Lambda Java runtime reads hookrun's events and writes its responses: with the JSON mapper of the function's
 * own application context. Registered in
 * {@code META-INF/services/com.amazonaws.services.lambda.runtime.CustomPojoSerializer}, which the runtime consults
 * before its own serializer (aws-lambda-java-runtime-interface-client, {@code PojoSerializerLoader};
 * https://docs.aws.amazon.com/lambda/latest/dg/java-custom-serialization.html).
 *
 * <p>Why: without it the runtime loads its own Jackson (about 670 classes) to read an event the function's context can
 * already read; and micronaut-aws's serializer builds a second Micronaut context for the purpose. The runtime creates
 * this class with its no-argument constructor right after the handler (both in the init phase), so the handler's
 * context is reachable only through {@link LambdaHandler#runningContext()}; before any handler exists it falls back to
 * a default mapper of its own.
 */
public final class LambdaEventSerializer implements CustomPojoSerializer {

    private volatile JsonMapper json;

    @Override
    public <T> T fromJson(InputStream input, Type type) {
        try {
            return json().readValue(input, argument(type));
        } catch (IOException e) {
            throw new UncheckedIOException("the event is not a readable " + type.getTypeName(), e);
        }
    }

    @Override
    public <T> T fromJson(String input, Type type) {
        return fromJson(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), type);
    }

    @Override
    public <T> void toJson(T value, OutputStream output, Type type) {
        try {
            json().writeValue(output, argument(type), value);
        } catch (IOException e) {
            throw new UncheckedIOException("the response is not writable as " + type.getTypeName(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> Argument<T> argument(Type type) {
        return (Argument<T>) Argument.of(type);
    }

    private JsonMapper json() {
        JsonMapper mapper = json;
        if (mapper == null) {
            mapper = LambdaHandler.runningContext().map(context -> context.getBean(JsonMapper.class))
                    .orElseGet(JsonMapper::createDefault);
            json = mapper;
        }
        return mapper;
    }
}
