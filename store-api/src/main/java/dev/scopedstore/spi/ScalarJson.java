package dev.scopedstore.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.function.IntUnaryOperator;

/**
 * The JSON text of the commonest values, read and written without a Jackson parser or
 * generator: integers of at most 18 digits, {@code true}, {@code false} and {@code null}.
 * Counters and flags are most of what a store holds, and setting up a parser costs more than
 * reading a few characters, so a backend's read path may try this first and fall back on
 * Jackson when it answers {@code null}.
 *
 * <p>The contract: for every text this reads, the node is equal to, and of the same class as,
 * what a reader with default integer settings ({@code readTree}) makes of it with the same node
 * factory ({@code IntNode} within {@code int} range, else {@code LongNode}); for every node this
 * writes, the text is what a mapper with default number settings writes. Anything else (more
 * digits, leading zeros, fractions, white space, strings, containers) gives {@code null}.
 * A backend whose mapper reads integers otherwise ({@code USE_LONG_FOR_INTS},
 * {@code USE_BIG_INTEGER_FOR_INTS}) or writes numbers as strings must not use it.
 */
public final class ScalarJson {
    /** Digits that always fit a {@code long}; longer integers go to Jackson. */
    private static final int MAX_DIGITS = 18;

    private ScalarJson() {
    }

    /**
     * @param text JSON text, for example a column or field read from the backend
     * @param nodes the node factory of the reader this stands in for
     * @return the node, or {@code null} if {@code text} is not one of the values this reads
     */
    public static JsonNode read(CharSequence text, JsonNodeFactory nodes) {
        return read(text.length(), text::charAt, nodes);
    }

    /**
     * As {@link #read(CharSequence, JsonNodeFactory)}, from UTF-8 bytes.
     *
     * @param utf8 JSON text as UTF-8
     * @param nodes the node factory of the reader this stands in for
     * @return the node, or {@code null} if {@code utf8} is not one of the values this reads
     */
    public static JsonNode read(byte[] utf8, JsonNodeFactory nodes) {
        return read(utf8.length, i -> utf8[i], nodes);
    }

    /**
     * @param node a tree
     * @return the JSON text of an {@code int}, {@code long}, boolean or null node, or
     *     {@code null} for any other node
     */
    public static String write(JsonNode node) {
        if (node.isInt() || node.isLong()) {
            return Long.toString(node.longValue());
        }
        if (node.isBoolean()) {
            return node.booleanValue() ? "true" : "false";
        }
        return node.isNull() ? "null" : null;
    }

    private static JsonNode read(int length, IntUnaryOperator at, JsonNodeFactory nodes) {
        if (length == 0 || length > MAX_DIGITS + 1) {
            return null;
        }
        int first = at.applyAsInt(0);
        if (first == 't' || first == 'f' || first == 'n') {
            return literal(length, at, nodes);
        }
        int start = first == '-' ? 1 : 0;
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

    private static JsonNode literal(int length, IntUnaryOperator at, JsonNodeFactory nodes) {
        if (spells("true", length, at)) {
            return nodes.booleanNode(true);
        }
        if (spells("false", length, at)) {
            return nodes.booleanNode(false);
        }
        return spells("null", length, at) ? nodes.nullNode() : null;
    }

    private static boolean spells(String word, int length, IntUnaryOperator at) {
        if (length != word.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (at.applyAsInt(i) != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
