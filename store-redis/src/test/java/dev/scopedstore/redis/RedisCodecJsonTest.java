package dev.scopedstore.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.scopedstore.CorruptStateException;
import dev.scopedstore.StateId;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The codec's shortcut for scalars (ScalarJson) reads and writes exactly what the mapper would. */
class RedisCodecJsonTest {
    private static final StateId ID = StateId.parse("s", "k");
    private static final List<String> TEXTS = List.of("0", "-0", "7", "-7", "2147483647", "2147483648",
            "-2147483648", "-2147483649", "4611686018427387904", "999999999999999999",
            "9223372036854775807", "-9223372036854775808", "9223372036854775808", "1.5", "1e3", "\"1\"",
            "[1]", " 1", "true");

    @Test
    @DisplayName("reads every text to the same node, of the same class, as the mapper's reader")
    void readsAsJackson() throws Exception {
        for (ObjectMapper mapper : List.of(new ObjectMapper(),
                new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS))) {
            ObjectReader jackson = mapper.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
            RedisCodec codec = new RedisCodec(mapper);
            for (String text : TEXTS) {
                JsonNode expected;
                try {
                    expected = jackson.readTree(text);
                } catch (java.io.IOException refused) {
                    assertThrows(CorruptStateException.class, () -> codec.parse(ID, text), text);
                    continue;
                }
                JsonNode actual = codec.parse(ID, text);
                assertEquals(expected, actual, text);
                assertEquals(expected.getClass(), actual.getClass(), text);
            }
        }
    }

    @Test
    @DisplayName("leaves what is not a plain integer to Jackson, which refuses what is not JSON")
    void notPlain() {
        RedisCodec codec = new RedisCodec(new ObjectMapper());
        assertThrows(CorruptStateException.class, () -> codec.parse(ID, "007"));
        assertThrows(CorruptStateException.class, () -> codec.parse(ID, "1-2"));
    }

    @Test
    @DisplayName("writes every number as the mapper does")
    void writesAsJackson() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        RedisCodec codec = new RedisCodec(mapper);
        JsonNodeFactory f = JsonNodeFactory.instance;
        for (JsonNode node : List.of(f.numberNode(0), f.numberNode(-5), f.numberNode(Long.MIN_VALUE),
                f.numberNode(Long.MAX_VALUE), f.numberNode(BigInteger.TWO.pow(70)), f.numberNode(0.1),
                f.numberNode((short) 3), f.textNode("12"))) {
            assertEquals(mapper.writeValueAsString(node), codec.json(node), node::toString);
        }
        ObjectMapper quoting = new ObjectMapper().enable(com.fasterxml.jackson.core.json.JsonWriteFeature
                .WRITE_NUMBERS_AS_STRINGS.mappedFeature());
        assertEquals("\"5\"", new RedisCodec(quoting).json(f.numberNode(5)), "a mapper quoting numbers keeps doing so");
    }
}
