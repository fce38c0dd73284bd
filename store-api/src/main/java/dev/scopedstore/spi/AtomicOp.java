package dev.scopedstore.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One atomic change {@code value = value ⊕ operand}, solved by the facade from an equation and
 * sent to the backend, which applies it in one atomic step
 * ({@link StateBackend#apply}) or, without the native capability, through the facade's
 * compare-and-set loop. {@link #applyTo(JsonNode)} is the reference semantics every backend
 * must match: exact numbers (64-bit integers that raise {@link ArithmeticException} on
 * overflow, {@link java.math.BigDecimal} decimals), element by element on equal-length arrays
 * and on objects with numeric leaves.
 *
 * @param kind the operation
 * @param operand its right-hand side, a JSON tree the backend must not modify
 * @param operationId unique per logical write: a backend whose driver may replay a request
 *     after a lost reply uses it to apply the write at most once
 */
public record AtomicOp(Kind kind, JsonNode operand, String operationId) {

    /** Validates. */
    public AtomicOp {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(operand, "operand");
        Objects.requireNonNull(operationId, "operationId");
    }

    /**
     * Applies this operation to a current value.
     *
     * @param current the stored value
     * @return the new value; {@code current} is not modified
     * @throws ArithmeticException if an integer result leaves the 64-bit range
     * @throws IllegalArgumentException if the operand does not fit the value's shape
     */
    public JsonNode applyTo(JsonNode current) {
        return JsonArithmetic.apply(kind, current, operand);
    }

    /** The operations, each with its native {@link Capability}. */
    public enum Kind {
        /** {@code value + operand}. */
        ADD,
        /** {@code value * operand}. */
        MULTIPLY,
        /** {@code operand - value}. */
        SUBTRACT_FROM,
        /** {@code max(value, operand)}. */
        MAX,
        /** {@code min(value, operand)}. */
        MIN,
        /** The array {@code value} followed by the elements of {@code operand}. */
        APPEND,
        /** The array {@code value} followed by the elements of {@code operand} it lacks. */
        UNION
    }
}
