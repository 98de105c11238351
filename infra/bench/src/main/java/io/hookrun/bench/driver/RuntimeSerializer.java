package io.hookrun.bench.driver;

import com.amazonaws.services.lambda.runtime.CustomPojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.ServiceLoader;

/**
 * Turns an event's JSON into the handler's input type and its response back into JSON, choosing the serializer as the
 * Lambda Java runtime does ({@code EventHandlerLoader.getSerializer}): a {@link CustomPojoSerializer} registered in
 * the function jar's {@code META-INF/services} wins (micronaut-aws-lambda-events-serde registers one, which builds a
 * Micronaut JSON mapper of its own); otherwise the runtime's own serializer for Lambda event classes, and plain
 * Jackson for any other type.
 */
sealed interface RuntimeSerializer {

    Object read(InputStream json);

    void write(Object value, OutputStream json);

    /** The serializer the runtime would use for {@code type}, loaded from {@code loader} (the function's jar). */
    static RuntimeSerializer forType(Class<?> type, ClassLoader loader) {
        CustomPojoSerializer custom = CustomSerializerHolder.find(loader);
        if (custom != null) {
            return new Custom(custom, type);
        }
        @SuppressWarnings("unchecked")
        PojoSerializer<Object> runtime = LambdaEventSerializers.isLambdaSupportedEvent(type.getName())
                ? (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(type, loader)
                : JacksonFactory.getInstance().getSerializer((java.lang.reflect.Type) type);
        return new BuiltIn(runtime);
    }

    /** The jar's own serializer, through the interface the runtime calls. */
    record Custom(CustomPojoSerializer serializer, Class<?> type) implements RuntimeSerializer {
        @Override
        public Object read(InputStream json) {
            return serializer.fromJson(json, type);
        }

        @Override
        public void write(Object value, OutputStream json) {
            serializer.toJson(value, json, type);
        }
    }

    /** The runtime's built-in serializer. */
    record BuiltIn(PojoSerializer<Object> serializer) implements RuntimeSerializer {
        @Override
        public Object read(InputStream json) {
            return serializer.fromJson(json);
        }

        @Override
        public void write(Object value, OutputStream json) {
            serializer.toJson(value, json);
        }
    }

    /** The runtime looks for a custom serializer once per JVM and keeps it ({@code PojoSerializerLoader}). */
    final class CustomSerializerHolder {
        private static boolean searched;
        private static CustomPojoSerializer found;

        private CustomSerializerHolder() {
        }

        static synchronized CustomPojoSerializer find(ClassLoader loader) {
            if (!searched) {
                Iterator<CustomPojoSerializer> serializers = ServiceLoader.load(CustomPojoSerializer.class, loader)
                        .iterator();
                found = serializers.hasNext() ? serializers.next() : null;
                searched = true;
            }
            return found;
        }
    }
}
