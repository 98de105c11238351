package io.hookrun.asl;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Numbers as Step Functions' JSONata sees them. JSONata (2.0.6, the version Step Functions runs) works on
 * JavaScript numbers, so every JSON number is an IEEE double: {@code 6/2} is {@code 3}, {@code 1.0} is {@code 1},
 * {@code 0.1 + 0.2} is {@code 0.30000000000000004}, and an integer beyond 2^53 keeps only the digits a double
 * holds ({@code 12345678901234567890} becomes {@code 12345678901234567000}). Values keep that meaning here, and are
 * written as JavaScript's {@code Number.prototype.toString} writes them, which is what {@code JSON.stringify} uses.
 */
final class JsonNumbers {

    /** Beyond this a double no longer holds every integer, so the shortest decimal form decides the digits. */
    private static final double EXACT_INTEGERS = 9_007_199_254_740_992d;
    /** JavaScript writes numbers from 1e21 on in exponent form. */
    private static final double EXPONENT_FORM_FROM = 1e21;

    private JsonNumbers() {
    }

    /**
     * The plain form of a number: {@code Integer} or {@code Long} for whole numbers that fit, {@code BigInteger} for
     * larger whole numbers below 1e21 (so that any JSON writer prints their digits), {@code Double} otherwise.
     *
     * @throws IllegalArgumentException for NaN and the infinities, which JSON cannot hold
     */
    static Number plain(Number number) {
        if (number instanceof Integer || number instanceof Short || number instanceof Byte) {
            return number.intValue();
        }
        if (number instanceof Long l && Math.abs((double) l) <= EXACT_INTEGERS) {
            return narrow(l);
        }
        double d = number.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("not a JSON number: " + number);
        }
        if (d != Math.rint(d) || Math.abs(d) >= EXPONENT_FORM_FROM) {
            return d;
        }
        if (Math.abs(d) <= EXACT_INTEGERS) {
            return narrow((long) d);
        }
        BigInteger whole = shortest(d).toBigIntegerExact();
        return whole.bitLength() < Long.SIZE ? narrow(whole.longValue()) : whole;
    }

    /** A plain number as JSON text, in JavaScript's form ({@code 0.30000000000000004}, {@code 1e+21}, {@code 1.5e-7}). */
    static String write(Number number) {
        Number plain = plain(number);
        if (!(plain instanceof Double d)) {
            return plain.toString();
        }
        BigDecimal decimal = shortest(Math.abs(d));
        String digits = decimal.unscaledValue().toString();
        int k = digits.length();
        int n = k - decimal.scale(); // the value is 0.d1...dk times 10^n, as in ECMA-262 Number::toString
        StringBuilder text = new StringBuilder(d < 0 ? "-" : "");
        if (k <= n && n <= 21) {
            text.append(digits).append("0".repeat(n - k));
        } else if (0 < n && n <= 21) {
            text.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            text.append("0.").append("0".repeat(-n)).append(digits);
        } else {
            int exponent = n - 1;
            text.append(digits.charAt(0));
            if (k > 1) {
                text.append('.').append(digits, 1, k);
            }
            text.append('e').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent));
        }
        return text.toString();
    }

    /**
     * The shortest decimal that reads back as {@code d}: {@link Double#toString} gives it since JDK 19 (JDK-4511638),
     * the same digits JavaScript picks.
     */
    private static BigDecimal shortest(double d) {
        return new BigDecimal(Double.toString(d)).stripTrailingZeros();
    }

    private static Number narrow(long whole) {
        return whole == (int) whole ? (Number) (int) whole : (Number) whole;
    }
}
