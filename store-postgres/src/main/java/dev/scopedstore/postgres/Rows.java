package dev.scopedstore.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.scopedstore.StateId;
import dev.scopedstore.StoreException;
import dev.scopedstore.spi.ScalarJson;
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

    /** @return the tree of a {@code jsonb} value's text, as Jackson would read it (scalars without a parser) */
    JsonNode parse(String text) {
        JsonNode scalar = ScalarJson.read(text, json.getNodeFactory());
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
        String scalar = ScalarJson.write(node);
        if (scalar != null) {
            return scalar;
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
