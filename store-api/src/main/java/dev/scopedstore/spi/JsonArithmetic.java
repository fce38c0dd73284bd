package dev.scopedstore.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The reference semantics of {@link AtomicOp}: exact arithmetic on JSON trees.
 *
 * <ul>
 *   <li>Two integers (int, long, short, or a big integer within 64 bits) are computed in
 *       {@code long} and give a {@link LongNode}; a result outside 64 bits, or a big integer
 *       outside them, raises {@link ArithmeticException}.
 *   <li>When either side is a decimal (decimal, double, float) both are computed as
 *       {@link BigDecimal} (a double through {@link BigDecimal#valueOf(double)}, a float
 *       through its shortest decimal text) and give a {@link DecimalNode}, unrounded.
 *   <li>{@code MAX} and {@code MIN} compare numerically and return the winning node itself.
 *   <li>Arrays of equal length combine element by element, objects field by field, both
 *       recursively. A field on one side only counts as 0 for {@code ADD} and
 *       {@code SUBTRACT_FROM}, keeps the present value for {@code MAX} and {@code MIN}, and is an
 *       error for {@code MULTIPLY}.
 *   <li>{@code APPEND} and {@code UNION} take two arrays; {@code UNION} treats numerically equal
 *       numbers as equal ({@code 1 == 1.0}).
 * </ul>
 *
 * <p>Inputs are never modified; results are new trees that may share number and text leaves.
 * Shape errors raise {@link IllegalArgumentException} naming the path, e.g. {@code $.yes[2]}.
 */
public final class JsonArithmetic {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonArithmetic() {
    }

    /**
     * @param kind the operation
     * @param current the stored value
     * @param operand the operation's right-hand side
     * @return the new value
     * @throws ArithmeticException if an integer leaves the 64-bit range
     * @throws IllegalArgumentException if the two values' shapes do not fit the operation
     */
    public static JsonNode apply(AtomicOp.Kind kind, JsonNode current, JsonNode operand) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(operand, "operand");
        return switch (kind) {
            case APPEND -> append(current, operand);
            case UNION -> union(current, operand);
            case ADD, SUBTRACT_FROM, MULTIPLY, MAX, MIN -> combine(kind, current, operand, "$");
        };
    }

    private static JsonNode combine(AtomicOp.Kind kind, JsonNode current, JsonNode operand, String path) {
        if (current.isArray() && operand.isArray()) {
            if (current.size() != operand.size()) {
                throw new IllegalArgumentException("arrays of different lengths at " + path + ": "
                        + current.size() + " and " + operand.size());
            }
            ArrayNode result = NODES.arrayNode(current.size());
            for (int i = 0; i < current.size(); i++) {
                result.add(combine(kind, current.get(i), operand.get(i), path + "[" + i + "]"));
            }
            return result;
        }
        if (current.isObject() && operand.isObject()) {
            Set<String> names = new LinkedHashSet<>();
            current.fieldNames().forEachRemaining(names::add);
            operand.fieldNames().forEachRemaining(names::add);
            ObjectNode result = NODES.objectNode();
            for (String name : names) {
                String fieldPath = path + "." + name;
                JsonNode left = current.get(name);
                JsonNode right = operand.get(name);
                if (left == null) {
                    left = standIn(kind, right, fieldPath);
                } else if (right == null) {
                    right = standIn(kind, left, fieldPath);
                }
                result.set(name, combine(kind, left, right, fieldPath));
            }
            return result;
        }
        return number(kind, requireNumber(current, path), requireNumber(operand, path), path);
    }

    /** What a field missing on one side counts as, given the other side's value. */
    private static JsonNode standIn(AtomicOp.Kind kind, JsonNode present, String path) {
        return switch (kind) {
            case ADD, SUBTRACT_FROM -> zeroLike(present);
            case MAX, MIN -> present;
            default -> throw new IllegalArgumentException(
                    "field " + path + " is on one side only; " + kind + " needs it on both");
        };
    }

    /** The same shape with every number replaced by 0; other leaves are kept, to be reported. */
    private static JsonNode zeroLike(JsonNode node) {
        if (node.isNumber()) {
            return LongNode.valueOf(0);
        }
        if (node.isArray()) {
            ArrayNode zeros = NODES.arrayNode(node.size());
            node.forEach(element -> zeros.add(zeroLike(element)));
            return zeros;
        }
        if (node.isObject()) {
            ObjectNode zeros = NODES.objectNode();
            node.fieldNames().forEachRemaining(name -> zeros.set(name, zeroLike(node.get(name))));
            return zeros;
        }
        return node;
    }

    private static JsonNode requireNumber(JsonNode node, String path) {
        if (!isFiniteNumber(node)) {
            throw new IllegalArgumentException("expected a number at " + path + ", got " + describe(node));
        }
        return node;
    }

    private static JsonNode number(AtomicOp.Kind kind, JsonNode current, JsonNode operand, String path) {
        if (current.isIntegralNumber() && operand.isIntegralNumber()) {
            long a = toLong(current, path);
            long b = toLong(operand, path);
            try {
                return switch (kind) {
                    case ADD -> LongNode.valueOf(Math.addExact(a, b));
                    case SUBTRACT_FROM -> LongNode.valueOf(Math.subtractExact(b, a));
                    case MULTIPLY -> LongNode.valueOf(Math.multiplyExact(a, b));
                    case MAX -> a >= b ? current : operand;
                    case MIN -> a <= b ? current : operand;
                    default -> throw new IllegalStateException(kind.name());
                };
            } catch (ArithmeticException overflow) {
                throw new ArithmeticException(kind + " of " + a + " and " + b + " at " + path
                        + " leaves the 64-bit integer range");
            }
        }
        BigDecimal a = exact(current);
        BigDecimal b = exact(operand);
        return switch (kind) {
            case ADD -> DecimalNode.valueOf(a.add(b));
            case SUBTRACT_FROM -> DecimalNode.valueOf(b.subtract(a));
            case MULTIPLY -> DecimalNode.valueOf(a.multiply(b));
            case MAX -> a.compareTo(b) >= 0 ? current : operand;
            case MIN -> a.compareTo(b) <= 0 ? current : operand;
            default -> throw new IllegalStateException(kind.name());
        };
    }

    private static long toLong(JsonNode integral, String path) {
        if (!integral.canConvertToLong()) {
            throw new ArithmeticException("the integer " + integral + " at " + path
                    + " is outside the 64-bit range");
        }
        return integral.longValue();
    }

    private static boolean isFiniteNumber(JsonNode node) {
        return node.isNumber() && (!(node.isDouble() || node.isFloat()) || Double.isFinite(node.doubleValue()));
    }

    /** A short description for messages: a leaf as JSON, a container by its kind. */
    private static String describe(JsonNode node) {
        return node.isArray() ? "an array" : node.isObject() ? "an object" : node.toString();
    }

    /** The exact decimal a finite number node denotes. */
    /**
     * @param number a numeric node
     * @return its exact decimal value (a float through its shortest decimal text)
     */
    public static BigDecimal exact(JsonNode number) {
        return number.isFloat() ? new BigDecimal(Float.toString(number.floatValue())) : number.decimalValue();
    }

    private static JsonNode append(JsonNode current, JsonNode operand) {
        ArrayNode result = copyOf(requireArray("APPEND", current, "value"));
        requireArray("APPEND", operand, "operand").forEach(element -> result.add(element.deepCopy()));
        return result;
    }

    private static JsonNode union(JsonNode current, JsonNode operand) {
        ArrayNode result = copyOf(requireArray("UNION", current, "value"));
        Set<JsonNode> seen = new HashSet<>();
        current.forEach(element -> seen.add(canonical(element)));
        for (JsonNode element : requireArray("UNION", operand, "operand")) {
            if (seen.add(canonical(element))) {
                result.add(element.deepCopy());
            }
        }
        return result;
    }

    private static JsonNode requireArray(String operation, JsonNode node, String role) {
        if (!node.isArray()) {
            throw new IllegalArgumentException(
                    operation + " needs an array as the " + role + ", got " + describe(node));
        }
        return node;
    }

    private static ArrayNode copyOf(JsonNode array) {
        ArrayNode copy = NODES.arrayNode(array.size());
        array.forEach(element -> copy.add(element.deepCopy()));
        return copy;
    }

    /**
     * A key for JSON-value equality in which numerically equal numbers are equal: every finite
     * number becomes its {@link BigDecimal} without trailing zeros, recursively.
     */
    private static JsonNode canonical(JsonNode node) {
        if (isFiniteNumber(node)) {
            return DecimalNode.valueOf(exact(node).stripTrailingZeros());
        }
        if (node.isArray()) {
            ArrayNode copy = NODES.arrayNode(node.size());
            node.forEach(element -> copy.add(canonical(element)));
            return copy;
        }
        if (node.isObject()) {
            ObjectNode copy = NODES.objectNode();
            node.fieldNames().forEachRemaining(name -> copy.set(name, canonical(node.get(name))));
            return copy;
        }
        return node;
    }
}
