package io.hookrun.asl;

import com.dashjoin.jsonata.Jsonata;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an expression sees: {@code $states}, the workflow variables and Step Functions' functions, in the form the
 * JSONata library reads JSON in. There is no context value: Step Functions evaluates an expression without an input
 * document (specification, "JSONata Restrictions"), so the state input is read only as {@code $states.input}. Made
 * once per template and shared by its expressions; the conversion happens on the first expression, so literal
 * templates cost nothing.
 * <p>
 * The library takes a Java {@code null} inside a list or in a variable for "undefined" ({@code [1, null][1]} would
 * be undefined, {@code $v} bound to null would not exist), where JSONata reads JSON null as a value. Those nulls are
 * given as the library's {@link Jsonata#NULL_VALUE} marker. Nulls that are object members stay {@code null}: the
 * library reads those as JSON null already.
 */
final class JsonataScope {

    private final Map<String, Object> states;
    private final Map<String, Object> variables;
    private Object jsonataStates;
    private Map<String, Object> jsonataVariables;

    JsonataScope(Map<String, Object> states, Map<String, Object> variables) {
        this.states = states;
        this.variables = variables;
    }

    /**
     * A frame for one evaluation of {@code compiled}. Variables are bound first, so that neither a variable called
     * {@code states} nor one named after a Step Functions function can hide them.
     */
    Jsonata.Frame frame(Jsonata compiled, long timeoutMillis, int maxDepth) {
        convert();
        Jsonata.Frame frame = compiled.createFrame();
        jsonataVariables.forEach(frame::bind);
        StepFunctionsJsonataFunctions.bindTo(frame);
        frame.bind("states", jsonataStates);
        frame.setRuntimeBounds(timeoutMillis, maxDepth);
        return frame;
    }

    /** A JSON value (a {@link JsonValues#plain plain} one) in the library's form, e.g. the result of {@code $parse}. */
    static Object toJsonata(Object value) {
        return value == null ? Jsonata.NULL_VALUE : convert(value);
    }

    private void convert() {
        if (jsonataStates != null) {
            return;
        }
        jsonataStates = toJsonata(states);
        jsonataVariables = new LinkedHashMap<>();
        variables.forEach((name, value) -> jsonataVariables.put(name, toJsonata(value)));
    }

    /** The same instance when nothing needs changing, so a large input is walked but not copied. */
    private static Object convert(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = null;
            int index = 0;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Object converted = e.getValue() == null ? null : convert(e.getValue());
                if (converted != e.getValue() && copy == null) {
                    copy = new LinkedHashMap<>();
                    int copied = 0;
                    for (Map.Entry<?, ?> before : map.entrySet()) {
                        if (copied++ == index) {
                            break;
                        }
                        copy.put(String.valueOf(before.getKey()), before.getValue());
                    }
                }
                if (copy != null) {
                    copy.put(String.valueOf(e.getKey()), converted);
                }
                index++;
            }
            return copy == null ? value : copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = null;
            for (int i = 0; i < list.size(); i++) {
                Object item = list.get(i);
                Object converted = item == null ? Jsonata.NULL_VALUE : convert(item);
                if (converted != item && copy == null) {
                    copy = new NullKeepingList(list.size());
                    copy.addAll(list.subList(0, i));
                }
                if (copy != null) {
                    copy.add(converted);
                }
            }
            return copy == null ? value : copy;
        }
        if (value instanceof BigInteger || value instanceof BigDecimal || value instanceof Float) {
            return ((Number) value).doubleValue(); // JSONata's numbers are doubles
        }
        return value;
    }

    /**
     * A list holding {@link Jsonata#NULL_VALUE} markers that keeps them: the library turns the markers in a result
     * back into {@code null} in place, and a result may be this very list (an input array returned as it is), which
     * would leave the next expression of the template reading undefined where the input has null.
     */
    static final class NullKeepingList extends ArrayList<Object> {

        private static final long serialVersionUID = 1L;

        NullKeepingList(int capacity) {
            super(capacity);
        }

        @Override
        public Object set(int index, Object element) {
            if (element == null && get(index) == Jsonata.NULL_VALUE) {
                return Jsonata.NULL_VALUE;
            }
            return super.set(index, element);
        }
    }
}
