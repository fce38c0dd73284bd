package dev.scopedstore.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scopedstore.spi.AtomicOp;
import java.util.Iterator;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The atomic operations one {@code UpdateItem} applies exactly: {@code ADD} ({@code SET v = v + :x})
 * and {@code SUBTRACT_FROM} ({@code SET v = :x - v}) of numbers, on the value itself or on every
 * numeric leaf of an array or object operand by its document path, and {@code APPEND}
 * ({@code SET v = list_append(v, :x)}).
 *
 * <p>The condition it returns holds exactly when the stored value has the operand's shape
 * (same types, same array lengths, same object fields) and every integer result stays within
 * 64 bits; then DynamoDB's decimal arithmetic (38 digits) gives what
 * {@link AtomicOp#applyTo} gives. When the condition fails, the backend reads the item and
 * decides by the reference semantics: their error, or a compare-and-set for a shape this
 * expression does not cover (a field the value lacks, a huge decimal).
 */
final class NativeOperation {
    /** More leaves than this make expressions too long for one request: compare-and-set. */
    static final int MAX_LEAVES = 32;
    private static final AttributeValue LONG_MIN = AttributeValue.fromN(Long.toString(Long.MIN_VALUE));
    private static final AttributeValue LONG_MAX = AttributeValue.fromN(Long.toString(Long.MAX_VALUE));

    private final AtomicOp.Kind kind;
    private final Update u;
    private final StringBuilder guard = new StringBuilder();
    private int leaves;
    private int containers;

    private NativeOperation(AtomicOp.Kind kind, Update u) {
        this.kind = kind;
        this.u = u;
    }

    /**
     * Adds the operation's {@code SET} clauses to {@code u}.
     *
     * @param op the operation
     * @param u a fresh update, discarded if this returns {@code null}
     * @return the condition under which the clauses give the reference result, or {@code null}
     *     if DynamoDB cannot express the operation
     */
    static String express(AtomicOp op, Update u) {
        String value = u.name(Items.VALUE);
        JsonNode x = op.operand();
        switch (op.kind()) {
            case APPEND:
                if (!x.isArray()) {
                    return null;
                }
                u.set(value + " = list_append(" + value + ", " + u.value("x", AttributeCodec.encode(x)) + ")");
                return type(u, value, "L");
            case ADD:
            case SUBTRACT_FROM:
                NativeOperation e = new NativeOperation(op.kind(), u);
                return e.tree(value, x) ? e.guard.toString() : null;
            default:
                return null;
        }
    }

    private boolean tree(String path, JsonNode x) {
        if (x.isObject() || x.isArray()) {
            and(type(u, path, x.isObject() ? "M" : "L"));
            and("size(" + path + ") = " + u.number("s" + containers++, x.size()));
            if (x.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = x.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    if (!tree(path + "." + u.field(field.getKey()), field.getValue())) {
                        return false;
                    }
                }
            } else {
                for (int i = 0; i < x.size(); i++) {
                    if (!tree(path + "[" + i + "]", x.get(i))) {
                        return false;
                    }
                }
            }
            return true;
        }
        return leaf(path, x);
    }

    private boolean leaf(String path, JsonNode x) {
        if (!x.isNumber() || ++leaves > MAX_LEAVES
                || ((x.isDouble() || x.isFloat()) && !Double.isFinite(x.doubleValue()))
                || (x.isIntegralNumber() && !x.canConvertToLong())) {
            return false;
        }
        int n = leaves;
        String operand = u.value("x" + n, AttributeValue.fromN(AttributeCodec.numberText(x)));
        and(type(u, path, "N"));
        if (x.isIntegralNumber()) {
            // the stored integers v for which the result stays within 64 bits:
            // v + x for ADD, x - v for SUBTRACT_FROM
            long b = x.longValue();
            long lo;
            long hi;
            if (kind == AtomicOp.Kind.ADD) {
                lo = b >= 0 ? Long.MIN_VALUE : Long.MIN_VALUE - b;
                hi = b >= 0 ? Long.MAX_VALUE - b : Long.MAX_VALUE;
            } else {
                lo = b <= -2 ? Long.MIN_VALUE : b - Long.MAX_VALUE;
                hi = b >= 0 ? Long.MAX_VALUE : b - Long.MIN_VALUE;
            }
            and(path + " BETWEEN " + u.value("lo" + n, number(lo)) + " AND " + u.value("hi" + n, number(hi)));
        }
        u.set(path + " = " + (kind == AtomicOp.Kind.ADD ? path + " + " + operand : operand + " - " + path));
        return true;
    }

    private static AttributeValue number(long n) {
        return n == Long.MIN_VALUE ? LONG_MIN : n == Long.MAX_VALUE ? LONG_MAX : AttributeValue.fromN(Long.toString(n));
    }

    private void and(String condition) {
        guard.append(guard.length() == 0 ? "" : " AND ").append(condition);
    }

    private static String type(Update u, String path, String type) {
        return "attribute_type(" + path + ", " + u.value("t" + type, AttributeValue.fromS(type)) + ")";
    }
}
