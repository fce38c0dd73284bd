package dev.scopedstore.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.scopedstore.StateId;
import dev.scopedstore.StoreException;
import dev.scopedstore.spi.StoredState;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Maps between rows and the SPI's types: JSON text to and from trees (exact decimals, scale
 * kept), {@code text[]} labels to sets, a row of {@link Sql#COLUMNS} to a {@link StoredState}.
 */
final class Rows {
    private final ObjectMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    /** @return the tree of a {@code jsonb} value's text, as Jackson would read it */
    JsonNode parse(String text) {
        JsonNode scalar = scalar(text);
        if (scalar != null) {
            return scalar;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new StoreException("PostgreSQL returned JSON that does not parse", e);
        }
    }

    /** @return the JSON text of a tree, to bind as {@code ?::jsonb} */
    String text(JsonNode node) {
        if (node.isInt() || node.isLong()) {
            return Long.toString(node.longValue());
        }
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the value as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** @return a tree of any value Jackson maps, e.g. a set of labels */
    JsonNode tree(Object value) {
        return json.valueToTree(value);
    }

    /**
     * The common values without a parser: {@code true}, {@code false}, {@code null} and integers
     * of up to 18 digits, as the nodes Jackson's {@code readTree} makes of them ({@code int} if
     * it fits, else {@code long}). PostgreSQL prints {@code jsonb} numbers without a plus sign
     * or leading zeros, so a string of digits is exactly one integer.
     *
     * @return the node, or {@code null} to use the parser
     */
    private static JsonNode scalar(String text) {
        int length = text.length();
        if (length == 0 || length > 19) {
            return null;
        }
        switch (text) {
            case "true":
                return BooleanNode.TRUE;
            case "false":
                return BooleanNode.FALSE;
            case "null":
                return NullNode.getInstance();
            default:
                break;
        }
        int start = text.charAt(0) == '-' ? 1 : 0;
        if (start == length || length - start > 18) {
            return null;
        }
        long value = 0;
        for (int i = start; i < length; i++) {
            char ch = text.charAt(i);
            if (ch < '0' || ch > '9') {
                return null;
            }
            value = value * 10 + (ch - '0');
        }
        value = start == 1 ? -value : value;
        return value == (int) value ? IntNode.valueOf((int) value) : LongNode.valueOf(value);
    }

    /**
     * Reads a row of {@link Sql#COLUMNS}.
     *
     * @param known the row's id if the caller knows it, else {@code null} to read it from the row
     */
    StoredState read(ResultSet rs, StateId known) throws SQLException {
        StateId id = known != null ? known : StateId.parse(rs.getString(1), rs.getString(2));
        // getArray, never getString: pgjdbc renders a binary array as text through a new calendar
        return new StoredState(id, parse(rs.getString(3)), rs.getLong(4), labels(rs.getArray(5)),
                rs.getLong(6), rs.getLong(7));
    }

    /** @return the labels of a {@code text[]} column */
    static Set<String> labels(Array array) throws SQLException {
        if (array == null) {
            return Set.of();
        }
        String[] values = (String[]) array.getArray();
        return values.length == 0 ? Set.of() : Set.copyOf(new LinkedHashSet<>(Arrays.asList(values)));
    }

    /** @return labels to bind as {@code text[]} */
    static Array labels(Connection c, Set<String> labels) throws SQLException {
        return c.createArrayOf("text", labels.toArray());
    }
}
