package dev.scopedstore.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * A cheap upper bound of a tree's JSON size, so that the common small value skips the exact
 * measurement (which writes the whole tree).
 */
final class JsonSize {
    /** The most bytes one UTF-16 unit can take in JSON text ({@code \\u0000}). */
    private static final int MAX_BYTES_PER_CHAR = 6;
    /** A number, boolean or null never needs more, except big numbers (counted by length). */
    private static final int SCALAR_BYTES = 24;

    private JsonSize() {
    }

    /**
     * @param node a tree
     * @param cap stop counting once the bound exceeds this
     * @return an upper bound of the tree's UTF-8 JSON size, or a number above {@code cap}
     */
    static long upperBound(JsonNode node, long cap) {
        if (node.isTextual()) {
            return 2 + (long) MAX_BYTES_PER_CHAR * node.textValue().length();
        }
        if (node.isBigDecimal() || node.isBigInteger()) {
            return 2 + node.asText().length();
        }
        if (node.isValueNode() || node.isMissingNode()) {
            return SCALAR_BYTES;
        }
        long total = 2;
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
            while (fields.hasNext() && total <= cap) {
                Map.Entry<String, JsonNode> field = fields.next();
                total += 4 + (long) MAX_BYTES_PER_CHAR * field.getKey().length()
                        + upperBound(field.getValue(), cap - total);
            }
        } else {
            for (Iterator<JsonNode> it = node.elements(); it.hasNext() && total <= cap; ) {
                total += 1 + upperBound(it.next(), cap - total);
            }
        }
        return total;
    }
}
