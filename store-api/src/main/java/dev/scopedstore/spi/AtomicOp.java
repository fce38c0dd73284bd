package dev.scopedstore.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * One atomic change {@code value = value ⊕ operand}, solved by the facade from an equation and
 * sent to the backend, which applies it in one atomic step
 * ({@link StateBackend#apply}) or, without the native capability, through the facade's
 * compare-and-set loop. {@link #applyTo(JsonNode)} is the reference semantics every backend
 * must match: exact numbers (64-bit integers that raise {@link ArithmeticException} on
 * overflow, {@link java.math.BigDecimal} decimals), element by element on equal-length arrays
 * and on objects with numeric leaves. Immutable and thread-safe.
 */
public final class AtomicOp {
    private static final VarHandle ID;

    static {
        try {
            ID = MethodHandles.lookup().findVarHandle(AtomicOp.class, "writeId", String.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Kind kind;
    private final JsonNode operand;
    @SuppressWarnings("unused") // set once through ID
    private volatile String writeId;

    private AtomicOp(Kind kind, JsonNode operand) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.operand = Objects.requireNonNull(operand, "operand");
    }

    /**
     * @param kind the operation
     * @param operand its right-hand side, a JSON tree the backend must not modify
     * @return a new logical write
     */
    public static AtomicOp of(Kind kind, JsonNode operand) {
        return new AtomicOp(kind, operand);
    }

    /** @return the operation */
    public Kind kind() {
        return kind;
    }

    /** @return the right-hand side; do not modify it */
    public JsonNode operand() {
        return operand;
    }

    /**
     * Unique per logical write, across processes and restarts ({@link WriteIds}), and the same
     * on every call for this operation. A backend whose driver may
     * replay a request after a lost reply uses it to apply the write at most once. Made on the
     * first call, so that a backend without replays pays nothing for it.
     *
     * @return the write id
     */
    public String writeId() {
        String id = writeId;
        if (id == null) {
            String made = WriteIds.next();
            id = ID.compareAndSet(this, null, made) ? made : writeId;
        }
        return id;
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

    @Override
    public String toString() {
        return "AtomicOp{" + kind + " " + operand + "}";
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
