package dev.scopedstore.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What ScalarJson reads and writes is exactly what Jackson reads and writes. */
class ScalarJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectReader JACKSON = MAPPER.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final JsonNodeFactory NODES = JACKSON.getConfig().getNodeFactory();

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "7", "-7", "2147483647", "2147483648", "-2147483648", "-2147483649",
        "999999999999999999", "-999999999999999999", "true", "false", "null"})
    @DisplayName("reads a plain integer or literal to the node, of the same class, that Jackson makes of it")
    void readsAsJackson(String text) throws IOException {
        JsonNode expected = JACKSON.readTree(text);
        for (JsonNode actual : List.of(ScalarJson.read(text, NODES),
                ScalarJson.read(text.getBytes(StandardCharsets.UTF_8), NODES))) {
            assertEquals(expected, actual, text);
            assertEquals(expected.getClass(), actual.getClass(), text);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "--1", "1-2", "007", "-01", "4611686018427387904", "9223372036854775807", "9223372036854775808",
        "1.5", "1e3", "\"1\"", "[1]", " 1", "1 ", "tru", "truee", "nul", "False", "{}"})
    @DisplayName("leaves everything else to Jackson")
    void leavesTheRest(String text) {
        assertNull(ScalarJson.read(text, NODES), text);
        assertNull(ScalarJson.read(text.getBytes(StandardCharsets.UTF_8), NODES), text);
    }

    @Test
    @DisplayName("writes int, long, boolean and null nodes as the mapper does, and nothing else")
    void writesAsJackson() throws IOException {
        for (JsonNode node : List.of(NODES.numberNode(0), NODES.numberNode(-5), NODES.numberNode(Long.MIN_VALUE),
                NODES.numberNode(Long.MAX_VALUE), NODES.booleanNode(true), NODES.booleanNode(false),
                NODES.nullNode())) {
            assertEquals(MAPPER.writeValueAsString(node), ScalarJson.write(node), node::toString);
        }
        for (JsonNode node : List.of(NODES.numberNode(BigInteger.TWO.pow(70)), NODES.numberNode(0.1),
                NODES.numberNode((short) 3), NODES.textNode("12"), NODES.arrayNode())) {
            assertNull(ScalarJson.write(node), node::toString);
        }
    }
}
