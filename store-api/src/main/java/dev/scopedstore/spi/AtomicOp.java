package dev.scopedstore.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

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
 * @param sequence this process's number for the write; with the process's random prefix it
 *     makes the {@link #operationId()}
 */
public record AtomicOp(Kind kind, JsonNode operand, long sequence) {
    private static final String PROCESS =
            Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36) + "-";
    private static final AtomicLong SEQUENCE = new AtomicLong();

    /** Validates. */
    public AtomicOp {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(operand, "operand");
    }

    /**
     * @param kind the operation
     * @param operand its right-hand side
     * @return a new logical write with an id of its own
     */
    public static AtomicOp of(Kind kind, JsonNode operand) {
        return new AtomicOp(kind, operand, SEQUENCE.incrementAndGet());
    }

    /**
     * Unique per logical write, across processes and restarts (a random per-process prefix and
     * a counter), built on demand so that a backend without replays pays nothing for it. A
     * backend whose driver may replay a request after a lost reply uses it to apply the write
     * at most once.
     *
     * @return the operation id
     */
    public String operationId() {
        return PROCESS + Long.toString(sequence, 36);
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
