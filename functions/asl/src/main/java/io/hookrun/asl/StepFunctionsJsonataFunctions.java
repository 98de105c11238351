package io.hookrun.asl;

import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Utils;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The functions Step Functions adds to JSONata ("JSONata functions provided by Step Functions" in the developer
 * guide's "Transforming data with JSONata in Step Functions"), the JSONata forms of the JSONPath intrinsics:
 * <ul>
 *   <li>{@code $partition(array, size)}: the array in chunks of {@code size}, the last one possibly shorter
 *       (States.ArrayPartition). Recorded on AWS: {@code $partition([0], 1)} is {@code [[0]]},
 *       {@code $partition([0,1,2,3], 3)} is {@code [[0,1,2],[3]]}.</li>
 *   <li>{@code $range(start, end, step)}: {@code start}, {@code start + step}, ... up to and including {@code end}
 *       (States.ArrayRange). Recorded on AWS: {@code $range(0, 10, 3)} is {@code [0,3,6,9]} and a range of one
 *       value is that value ({@code $range(1, 9, 9)} is {@code 1}): the result is a JSONata sequence.</li>
 *   <li>{@code $hash(value, algorithm)}: the lower-case hex digest of the string's UTF-8 bytes with MD5, SHA-1,
 *       SHA-256, SHA-384 or SHA-512 (States.Hash).</li>
 *   <li>{@code $random()} and {@code $random(seed)}: a number in [0, 1); with a seed, the same number for the same
 *       seed (States.MathRandom).</li>
 *   <li>{@code $uuid()}: a random version 4 UUID (States.UUID).</li>
 *   <li>{@code $parse(jsonString)}: the JSON value the string holds, AWS's replacement for {@code $eval}, which Step
 *       Functions does not support: {@link JsonataTemplate#checkExpressions} refuses it, and should a definition
 *       hold it anyway, calling it fails as on AWS (T1006, "Attempted to invoke a non-function").</li>
 * </ul>
 * Arguments are checked against JSONata signatures, so a wrong type fails as JSONata's own functions do (T0410).
 * Integer arguments are rounded towards zero. Values recorded on AWS by floci-io/floci#2662/#2676:
 * {@code $random(42)} is {@code 0.7275636800328681} ({@code java.util.Random}), {@code $hash("input", "SHA-1")} is
 * {@code 140f86aae51ab9e1cda9b4254fe98a74eb54c1a1}, {@code $range(0, 6, 2)} is {@code [0,2,4,6]}.
 */
final class StepFunctionsJsonataFunctions {

    /** {@code $random()} without a seed; see {@link #random} for why not ThreadLocalRandom (issue 10). */
    private static final SecureRandom UNSEEDED_RANDOM = new SecureRandom();

    /** The algorithms {@code $hash} takes, as the guide lists them. */
    static final List<String> HASH_ALGORITHMS = List.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512");

    /**
     * The longest range: AWS documents no cap for {@code $range} (the 1,000 of States.ArrayRange is not its), but
     * refuses a range this long with its evaluation memory limit, measured between 200,000 and 500,000 values
     * (floci-io/floci#2676, #2790; {@code $count($range(1, 200000, 1))} is 200000 on AWS).
     */
    static final long MAX_RANGE = 360_145;
    static final String MEMORY_LIMIT = "Expression evaluation memory limit exceeded: Check for excessive memory usage";

    private StepFunctionsJsonataFunctions() {
    }

    /** Binds the six functions in {@code frame}, and hides JSONata's {@code $eval}. */
    static void bindTo(Jsonata.Frame frame) {
        frame.bind("partition", function(StepFunctionsJsonataFunctions::partition, "<an:a>"));
        frame.bind("range", function(StepFunctionsJsonataFunctions::range, "<nnn:a>"));
        frame.bind("hash", function(StepFunctionsJsonataFunctions::hash, "<ss:s>"));
        frame.bind("random", function(StepFunctionsJsonataFunctions::random, "<n?:n>"));
        frame.bind("uuid", function(args -> UUID.randomUUID().toString(), "<:s>"));
        frame.bind("parse", function(StepFunctionsJsonataFunctions::parse, "<s:x>"));
        frame.bind("eval", (Object) null); // not a function on AWS: calling it is T1006 (floci-io/floci#2737)
    }

    private static Jsonata.JFunction function(Jsonata.FnVarArgs<Object> implementation, String signature) {
        return Jsonata.function(null, implementation, signature);
    }

    static Object partition(List<?> args) {
        if (anyUndefined(args)) {
            return null; // undefined in, undefined out, as JSONata's own functions do
        }
        List<?> items = (List<?>) args.get(0);
        long size = whole(args.get(1));
        if (size < 1) {
            throw new FunctionError("$partition: the chunk size must be a positive integer, got " + args.get(1));
        }
        List<Object> chunks = new ArrayList<>();
        for (int from = 0; from < items.size(); ) {
            int to = (int) Math.min(items.size(), from + Math.min(size, items.size()));
            chunks.add(new ArrayList<>(items.subList(from, to)));
            from = to;
        }
        return chunks;
    }

    static Object range(List<?> args) {
        if (anyUndefined(args)) {
            return null;
        }
        long start = whole(args.get(0));
        long end = whole(args.get(1));
        long step = whole(args.get(2));
        Utils.JList<Object> values = new Utils.JList<>();
        values.sequence = true; // one value is that value, none is undefined: JSONata's sequences, as AWS returns them
        if (step == 0 || start < end && step < 0 || start > end && step > 0) {
            return values;
        }
        double count = Math.floor(((double) end - start) / step) + 1;
        if (count > MAX_RANGE) {
            throw new FunctionError(MEMORY_LIMIT);
        }
        for (long i = 0; i < (long) count; i++) {
            values.add(JsonNumbers.plain(start + i * step));
        }
        return values;
    }

    static Object hash(List<?> args) {
        if (anyUndefined(args)) {
            return null;
        }
        String algorithm = (String) args.get(1);
        if (!HASH_ALGORITHMS.contains(algorithm)) {
            throw new FunctionError("$hash: the algorithm must be one of " + String.join(", ", HASH_ALGORITHMS)
                    + ", got " + JsonValues.write(algorithm));
        }
        try {
            byte[] digest = MessageDigest.getInstance(algorithm).digest(((String) args.get(0)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }

    static Object random(List<?> args) {
        if (args.isEmpty() || args.get(0) == null) {
            // Not ThreadLocalRandom: its seed is taken once per thread, and a SnapStart snapshot would hand the same
            // seed to every environment resumed from it (identical "random" sequences). The default SecureRandom
            // (NativePRNG) mixes fresh /dev/urandom bytes into every call, so it stays unique after a restore:
            // https://docs.aws.amazon.com/lambda/latest/dg/snapstart-uniqueness.html
            return UNSEEDED_RANDOM.nextDouble();
        }
        return new Random(whole(args.get(0))).nextDouble();
    }

    static Object parse(List<?> args) {
        if (args.get(0) == null) {
            return null;
        }
        try {
            return JsonataScope.toJsonata(JsonValues.parse((String) args.get(0)));
        } catch (IllegalArgumentException e) {
            throw new FunctionError("$parse: the string is not JSON: " + e.getMessage());
        }
    }

    private static boolean anyUndefined(List<?> args) {
        return args.contains(null);
    }

    /** An integer argument, rounded towards zero as AWS does ({@code $range(-1.7, 2, 1)} is {@code [-1,0,1,2]}). */
    private static long whole(Object number) {
        return (long) ((Number) number).doubleValue();
    }

    /** A function refused its arguments; the message becomes the cause's "threw an error during evaluation" part. */
    static final class FunctionError extends RuntimeException {

        private static final long serialVersionUID = 1L;

        FunctionError(String message) {
            super(message, null, false, false);
        }
    }
}
