package io.hookrun.asl;

import com.dashjoin.jsonata.Parser;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSONata expression as the dashjoin parser reads it, reduced to what the Step Functions restrictions need: each
 * node's type and name, a path's steps, and its children split by the context item they are evaluated against.
 * <p>
 * {@link #sameContext()} holds the children evaluated against the same context item as the node itself: the operands
 * of an operator, a function's arguments, a block's expressions, the keys and values of an object constructor, a
 * lambda's body (a JSONata lambda keeps the context of the expression that defines it), and the first step of a path.
 * {@link #nestedContext()} holds the children evaluated against a value the expression produced: a path's later
 * steps, predicates ({@code items[price > 5]}), sort terms, grouping ({@code items{name: price}}) and a transform's
 * parts. At the top level of an expression, then, only the {@code sameContext} closure reads the input document.
 * <p>
 * {@link Parser#parse(String)} is public, but the tree it returns is a package-private class with package-private
 * fields, so they are read reflectively (hookrun runs on the class path, where that is allowed). The fields are looked
 * up once, when this class loads, so that a dashjoin upgrade that renames one fails every validation loudly instead of
 * letting a restriction pass unchecked.
 *
 * @param type          the parser's node type: {@code path}, {@code name}, {@code variable}, {@code binary},
 *                      {@code function}, {@code lambda}, {@code unary}, ...
 * @param value         a name's field name, a variable's name without {@code $} ({@code ""} for {@code $},
 *                      {@code "$"} for {@code $$}), an operator; null when the node has none
 * @param steps         a path's steps in order; empty for any other node
 * @param sameContext   children evaluated against this node's context item
 * @param nestedContext children evaluated against a value produced inside the expression
 */
record JsonataParseTree(String type, String value, List<JsonataParseTree> steps, List<JsonataParseTree> sameContext,
                        List<JsonataParseTree> nestedContext) {

    private static final Class<?> SYMBOL = symbolClass();
    private static final Map<String, Field> FIELDS = fields("type", "value", "steps", "lhs", "rhs", "expression",
            "expressions", "procedure", "arguments", "body", "condition", "then", "_else", "predicate", "stages",
            "group", "lhsObject", "terms", "pattern", "update", "delete", "expr");

    /**
     * The tree of {@code expression}.
     *
     * @throws RuntimeException the parser's error when the expression does not parse
     */
    static JsonataParseTree parse(String expression) {
        return of(new Parser().parse(expression));
    }

    private static JsonataParseTree of(Object symbol) {
        String type = String.valueOf(read(symbol, "type"));
        Object value = read(symbol, "value");
        List<JsonataParseTree> steps = new ArrayList<>();
        List<Object> same = new ArrayList<>();
        List<Object> nested = new ArrayList<>();
        switch (type) {
            case "path" -> {
                List<Object> pathSteps = list(symbol, "steps");
                for (int i = 0; i < pathSteps.size(); i++) {
                    (i == 0 ? same : nested).add(pathSteps.get(i));
                }
            }
            case "binary", "apply" -> {
                same.add(read(symbol, "lhs"));
                same.add(read(symbol, "rhs"));
            }
            case "function", "partial" -> {
                same.add(read(symbol, "procedure"));
                same.addAll(list(symbol, "arguments"));
            }
            case "lambda" -> same.add(read(symbol, "body"));
            case "condition" -> {
                same.add(read(symbol, "condition"));
                same.add(read(symbol, "then"));
                same.add(read(symbol, "_else"));
            }
            case "block" -> same.addAll(list(symbol, "expressions"));
            case "bind" -> same.add(read(symbol, "rhs")); // the lhs is the variable being bound
            case "unary" -> {
                if ("{".equals(String.valueOf(value))) {
                    pairs(symbol, same);
                } else if ("[".equals(String.valueOf(value))) {
                    same.addAll(list(symbol, "expressions"));
                } else {
                    same.add(read(symbol, "expression"));
                }
            }
            case "transform" -> {
                nested.add(read(symbol, "pattern"));
                nested.add(read(symbol, "update"));
                nested.add(read(symbol, "delete"));
            }
            case "sort" -> list(symbol, "terms").forEach(term -> nested.add(read(term, "expression")));
            case "filter" -> nested.add(read(symbol, "expr"));
            default -> {
                // name, variable, literal, string, number, regex, wildcard, descendant, parent: no operands
            }
        }
        nested.addAll(list(symbol, "stages"));
        nested.addAll(list(symbol, "predicate"));
        Object group = read(symbol, "group");
        if (group != null) {
            pairs(group, nested);
        }
        if ("path".equals(type)) {
            list(symbol, "steps").forEach(step -> steps.add(of(step)));
        }
        return new JsonataParseTree(type, value == null ? null : String.valueOf(value), List.copyOf(steps),
                trees(same), trees(nested));
    }

    /** Each key and value of an object constructor or grouping, in the order they are written. */
    private static void pairs(Object symbol, List<Object> into) {
        @SuppressWarnings("unchecked")
        List<Object[]> pairs = (List<Object[]>) read(symbol, "lhsObject");
        if (pairs != null) {
            pairs.forEach(pair -> into.addAll(List.of(pair)));
        }
    }

    private static List<JsonataParseTree> trees(List<Object> symbols) {
        List<JsonataParseTree> trees = new ArrayList<>(symbols.size());
        for (Object symbol : symbols) {
            if (SYMBOL.isInstance(symbol)) {
                trees.add(of(symbol));
            }
        }
        return List.copyOf(trees);
    }

    private static List<Object> list(Object symbol, String field) {
        Object value = read(symbol, field);
        return value instanceof List<?> items ? new ArrayList<>(items) : List.of();
    }

    private static Object read(Object symbol, String field) {
        try {
            return FIELDS.get(field).get(symbol);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("com.dashjoin.jsonata no longer lets Parser.Symbol." + field + " be read", e);
        }
    }

    private static Class<?> symbolClass() {
        try {
            return Class.forName("com.dashjoin.jsonata.Parser$Symbol");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("com.dashjoin.jsonata no longer has Parser.Symbol; the JSONata restrictions"
                    + " must be rewritten against its new parse tree", e);
        }
    }

    private static Map<String, Field> fields(String... names) {
        Map<String, Field> fields = new LinkedHashMap<>();
        for (String name : names) {
            try {
                Field field = SYMBOL.getDeclaredField(name);
                field.setAccessible(true);
                fields.put(name, field);
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException("com.dashjoin.jsonata's Parser.Symbol no longer has the field " + name
                        + "; the JSONata restrictions must be rewritten against its new parse tree", e);
            }
        }
        return Map.copyOf(fields);
    }
}
