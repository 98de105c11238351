package io.hookrun.local.template;

import io.hookrun.testsupport.emulator.AwsDefaults;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves CloudFormation intrinsic functions against the local stand-ins: {@code Ref} of a queue is its
 * ElasticMQ URL, {@code GetAtt Queue.Arn} its ARN, {@code Ref} of a table its name, parameters their local
 * value or Default. A reference that names nothing is an error naming it, as CloudFormation would refuse it.
 */
public final class Intrinsics {

    /** Removes a property, like {@code AWS::NoValue}. */
    static final Object NO_VALUE = new Object();
    private static final Pattern SUB = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private final Map<String, Object> parameters;
    private final Function<String, Object> ref;
    private final BiFunction<String, String, Object> getAtt;
    private final Map<String, Object> conditions;

    /**
     * @param parameters parameter values; a null value is a declared parameter without one (an error if used)
     * @param ref    logical id -> value of {@code Ref}, or null when the resource is unknown
     * @param getAtt (logical id, attribute) -> value, or null when unknown
     */
    public Intrinsics(Map<String, Object> parameters, Function<String, Object> ref, BiFunction<String, String, Object> getAtt,
                      Map<String, Object> conditions) {
        this.parameters = parameters;
        this.ref = ref;
        this.getAtt = getAtt;
        this.conditions = conditions;
    }

    public Object resolve(Object value) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1) {
                Map.Entry<?, ?> only = map.entrySet().iterator().next();
                String key = String.valueOf(only.getKey());
                if (key.equals("Ref") || key.startsWith("Fn::") || key.equals("Condition") && !(only.getValue() instanceof Map)) {
                    return function(key, only.getValue());
                }
            }
            Map<String, Object> resolved = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Object v = resolve(e.getValue());
                if (v != NO_VALUE) {
                    resolved.put(String.valueOf(e.getKey()), v);
                }
            }
            return resolved;
        }
        if (value instanceof List<?> list) {
            List<Object> resolved = new ArrayList<>();
            for (Object item : list) {
                Object v = resolve(item);
                if (v != NO_VALUE) {
                    resolved.add(v);
                }
            }
            return resolved;
        }
        return value;
    }

    /** The resolved value as text (environment variables are strings on Lambda). */
    public String resolveString(Object value) {
        Object resolved = resolve(value);
        return resolved instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                : String.valueOf(resolved);
    }

    private Object function(String name, Object argument) {
        return switch (name) {
            case "Ref" -> reference(String.valueOf(argument));
            case "Fn::GetAtt" -> {
                // Long form in YAML may be "Resource.Attribute"; the short form was split when read.
                List<?> parts = argument instanceof String dotted ? List.of(dotted.split("\\.", 2)) : (List<?>) argument;
                Object value = getAtt.apply(String.valueOf(parts.get(0)), String.valueOf(parts.get(1)));
                if (value == null) {
                    throw new IllegalArgumentException("!GetAtt " + parts.get(0) + "." + parts.get(1) + " names nothing in the template");
                }
                yield value;
            }
            case "Fn::Sub" -> substitute(argument);
            case "Fn::Join" -> {
                List<?> args = (List<?>) argument;
                List<?> items = (List<?>) resolve(args.get(1));
                yield String.join(String.valueOf(args.get(0)), items.stream().map(String::valueOf).toList());
            }
            case "Fn::If" -> {
                List<?> args = (List<?>) argument;
                yield resolve(condition(String.valueOf(args.get(0))) ? args.get(1) : args.get(2));
            }
            case "Fn::Equals" -> {
                List<?> args = (List<?>) argument;
                yield String.valueOf(resolve(args.get(0))).equals(String.valueOf(resolve(args.get(1))));
            }
            case "Fn::Not" -> !(Boolean) resolve(((List<?>) argument).get(0));
            case "Fn::And" -> ((List<?>) argument).stream().allMatch(c -> Boolean.TRUE.equals(resolve(c)));
            case "Fn::Or" -> ((List<?>) argument).stream().anyMatch(c -> Boolean.TRUE.equals(resolve(c)));
            case "Condition" -> condition(String.valueOf(argument));
            case "Fn::Split" -> {
                List<?> args = (List<?>) argument;
                yield List.of(String.valueOf(resolve(args.get(1))).split(Pattern.quote(String.valueOf(args.get(0))), -1));
            }
            case "Fn::Select" -> {
                List<?> args = (List<?>) argument;
                yield ((List<?>) resolve(args.get(1))).get(Integer.parseInt(String.valueOf(resolve(args.get(0)))));
            }
            default -> throw new IllegalArgumentException(name + " is not supported by the local runtime");
        };
    }

    private boolean condition(String name) {
        Object condition = conditions.get(name);
        if (condition == null) {
            throw new IllegalArgumentException("condition " + name + " is not defined");
        }
        return Boolean.TRUE.equals(resolve(condition));
    }

    private Object reference(String name) {
        if (name.equals("AWS::NoValue")) {
            return NO_VALUE;
        }
        if (name.startsWith("AWS::")) {
            return switch (name) {
                case "AWS::Region" -> AwsDefaults.REGION;
                case "AWS::AccountId" -> AwsDefaults.ACCOUNT_ID;
                case "AWS::StackName" -> "hookrun-local";
                case "AWS::Partition" -> "aws";
                case "AWS::URLSuffix" -> "amazonaws.com";
                default -> throw new IllegalArgumentException("!Ref " + name + " is not a known pseudo parameter");
            };
        }
        if (parameters.containsKey(name)) {
            Object value = parameters.get(name);
            if (value == null) {
                throw new IllegalArgumentException("parameter " + name + " has no Default and no local value");
            }
            return value;
        }
        Object value = ref.apply(name);
        if (value == null) {
            throw new IllegalArgumentException("!Ref " + name + " names nothing in the template");
        }
        return value;
    }

    /** {@code ${!Literal}} stays {@code ${Literal}}, as in CloudFormation. */
    private String substitute(Object argument) {
        String text = argument instanceof List<?> list ? String.valueOf(list.get(0)) : String.valueOf(argument);
        Map<?, ?> variables = argument instanceof List<?> list && list.size() > 1 && list.get(1) instanceof Map<?, ?> v ? v : Map.of();
        Matcher m = SUB.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            int dot = name.indexOf('.');
            Object value = variables.containsKey(name) ? resolve(variables.get(name))
                    : dot < 0 || name.startsWith("AWS::")
                    ? reference(name) : function("Fn::GetAtt", List.of(name.substring(0, dot), name.substring(dot + 1)));
            m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(value)));
        }
        m.appendTail(out);
        return out.toString().replace("${!", "${");
    }
}
