package dev.scopedstore.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The facade's one rule for what a value may hold, decided before any I/O so that every backend
 * stores exactly the same values (docs/design.md, "Values"): what one backend cannot hold, no
 * backend takes.
 * <ul>
 *   <li>every string and field name is well-formed Unicode (no unpaired surrogate) without
 *       {@code U+0000}, which PostgreSQL's {@code jsonb} cannot hold;</li>
 *   <li>every number is finite (JSON has no NaN or infinity) and fits DynamoDB's numbers: at most
 *       {@value #MAX_DIGITS} significant digits, zero or a magnitude from {@code 1E-130} to below
 *       {@code 1E+126};</li>
 *   <li>arrays and objects nest at most {@value #MAX_DEPTH} deep (DynamoDB's limit).</li>
 * </ul>
 */
final class PortableValues {
    /** The most significant digits of a number. */
    static final int MAX_DIGITS = 38;
    /** The most arrays and objects inside one another, the outermost counted. */
    static final int MAX_DEPTH = 32;
    private static final int MIN_EXPONENT = -130;
    private static final int MAX_EXPONENT = 125;
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private PortableValues() {
    }

    /**
     * @param node a value's tree
     * @throws IllegalArgumentException naming the path of the first part that not every backend
     *     can store, as in {@code $.a[2].b}
     */
    static void check(JsonNode node) {
        Problem problem = find(node, 1);
        if (problem != null) {
            throw new IllegalArgumentException("the value cannot be stored: " + problem.part
                    + " at $" + problem.path + " " + problem.what);
        }
    }

    /**
     * @param text a value that is a string
     * @throws IllegalArgumentException as {@link #check(JsonNode)}
     */
    static void check(String text) {
        String why = problemOf(text);
        if (why != null) {
            throw new IllegalArgumentException("the value cannot be stored: the string at $ " + why);
        }
    }

    private static Problem find(JsonNode node, int depth) {
        if (node.isTextual()) {
            String why = problemOf(node.textValue());
            return why == null ? null : new Problem("the string", why);
        }
        if (node.isNumber()) {
            String why = problemOfNumber(node);
            return why == null ? null : new Problem("the number", why);
        }
        if (node.isContainerNode() && depth > MAX_DEPTH) {
            return new Problem("the " + (node.isArray() ? "array" : "object"), "nests deeper than "
                    + MAX_DEPTH + " arrays and objects, the most every backend stores");
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String why = problemOf(field.getKey());
                if (why != null) {
                    return new Problem("a field name in the object", why);
                }
                Problem below = find(field.getValue(), depth + 1);
                if (below != null) {
                    return below.under(fieldSegment(field.getKey()));
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Problem below = find(node.get(i), depth + 1);
                if (below != null) {
                    return below.under("[" + i + "]");
                }
            }
        }
        return null;
    }

    /** @return why a string cannot be stored, or {@code null} if it can */
    private static String problemOf(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "contains U+0000 at index " + i + ", which not every backend can store";
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return String.format("contains the unpaired surrogate U+%04X at index %d,"
                            + " which is not well-formed Unicode", (int) c, i);
                }
            }
        }
        return null;
    }

    /** @return why a number cannot be stored, or {@code null} if it can */
    private static String problemOfNumber(JsonNode node) {
        if (node.canConvertToLong() && node.isIntegralNumber()) {
            return null; // at most 19 digits
        }
        if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
            return "is " + node.doubleValue() + ", which JSON cannot hold";
        }
        BigDecimal exact = node.isIntegralNumber() ? new BigDecimal(node.bigIntegerValue())
                : node.isBigDecimal() ? node.decimalValue() : new BigDecimal(node.asText());
        if (exact.signum() == 0) {
            return null;
        }
        BigDecimal significant = exact.stripTrailingZeros();
        if (significant.precision() > MAX_DIGITS) {
            return "has " + significant.precision() + " significant digits; every backend stores at most "
                    + MAX_DIGITS;
        }
        int exponent = significant.precision() - significant.scale() - 1;
        if (exponent < MIN_EXPONENT || exponent > MAX_EXPONENT) {
            return "is of the order 1E" + exponent + "; every backend stores magnitudes from 1E"
                    + MIN_EXPONENT + " to below 1E" + (MAX_EXPONENT + 1);
        }
        return null;
    }

    private static String fieldSegment(String name) {
        if (PLAIN_NAME.matcher(name).matches()) {
            return "." + name;
        }
        StringBuilder out = new StringBuilder("['");
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == '\'' || c == '\\' || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append("']").toString();
    }

    /** What is wrong ({@code what}) with which part, at {@code path} below the root. */
    private record Problem(String part, String what, String path) {
        Problem(String part, String what) {
            this(part, what, "");
        }

        Problem under(String segment) {
            return new Problem(part, what, segment + path);
        }
    }
}
