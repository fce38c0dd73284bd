package dev.scopedstore.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.function.IntUnaryOperator;

/**
 * The JSON text of a 64-bit integer, read and written without a Jackson parser or generator:
 * counters and other whole numbers are the commonest values, and setting up a parser costs
 * more than reading a few digits. Anything else is left to Jackson (callers fall back on null).
 */
final class IntegerJson {
    /** Digits that always fit a long; longer integers go to Jackson. */
    private static final int MAX_DIGITS = 18;

    private IntegerJson() {
    }

    /**
     * @return the node Jackson would read from {@code text} ({@code IntNode} within int range,
     *     else {@code LongNode}), or null if the text is not a plain JSON integer of at most
     *     {@value #MAX_DIGITS} digits
     */
    static JsonNode read(byte[] text, JsonNodeFactory nodes) {
        return read(text.length, i -> text[i], nodes);
    }

    /** As {@link #read(byte[], JsonNodeFactory)}, from a string. */
    static JsonNode read(String text, JsonNodeFactory nodes) {
        return read(text.length(), text::charAt, nodes);
    }

    /** @return the JSON text of an int or long node, or null for any other node */
    static String write(JsonNode node) {
        return node.isInt() || node.isLong() ? Long.toString(node.longValue()) : null;
    }

    private static JsonNode read(int length, IntUnaryOperator at, JsonNodeFactory nodes) {
        int start = length > 0 && at.applyAsInt(0) == '-' ? 1 : 0;
        int digits = length - start;
        if (digits < 1 || digits > MAX_DIGITS || (digits > 1 && at.applyAsInt(start) == '0')) {
            return null;
        }
        long value = 0;
        for (int i = start; i < length; i++) {
            int c = at.applyAsInt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            value = value * 10 + (c - '0');
        }
        value = start == 1 ? -value : value;
        return value == (int) value ? nodes.numberNode((int) value) : nodes.numberNode(value);
    }
}
