package dev.scopedstore.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON shortcuts of the read and write paths change nothing Jackson would produce. */
class RowsTest {
    private static final ObjectMapper JACKSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();
    private final Rows rows = new Rows();

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "7", "-42", "2147483647", "2147483648", "-2147483648", "-2147483649",
        "999999999999999999", "-999999999999999999", "9223372036854775807", "-9223372036854775808",
        "92233720368547758070", "true", "false", "null", "1.50", "1e3", "\"42\"", "[1, 2]", "{\"a\": 1}"})
    @DisplayName("a jsonb text parses to the node Jackson makes of it, of the same class")
    void parseLikeJackson(String text) throws Exception {
        JsonNode expected = JACKSON.readTree(text);
        JsonNode actual = rows.parse(text);
        assertEquals(expected, actual);
        assertEquals(expected.getClass(), actual.getClass());
        assertEquals(JACKSON.writeValueAsString(expected), rows.text(actual));
    }
}
