package dev.scopedstore.redis;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.scopedstore.CorruptStateException;
import dev.scopedstore.StateId;
import dev.scopedstore.spi.ScalarJson;
import dev.scopedstore.spi.StoredState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * JSON in and out of Redis: a state's hash fields (see {@link RedisKeys}) to a
 * {@link StoredState}, values and labels to script arguments. Decimals decode as
 * {@code BigDecimal}, so nothing is rounded; a value that is not JSON is a
 * {@link CorruptStateException} for that state only.
 */
final class RedisCodec {
    /** The hash fields every read asks for, in this order. */
    static final String[] FIELDS = {"v", "n", "t", "e", "l"};

    private final ObjectMapper mapper;
    private final ObjectReader reader;
    /** The nodes scalars read as, or null if the mapper reads integers otherwise (all via Jackson). */
    private final JsonNodeFactory scalarNodes;
    /** Whether the mapper writes integers as plain digits (else all via Jackson). */
    private final boolean plainIntegers;

    RedisCodec(ObjectMapper mapper) {
        this.mapper = mapper;
        this.reader = mapper.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        this.scalarNodes = reader.isEnabled(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
                || reader.isEnabled(DeserializationFeature.USE_LONG_FOR_INTS)
                ? null : reader.getConfig().getNodeFactory();
        this.plainIntegers = !mapper.getFactory().isEnabled(JsonGenerator.Feature.WRITE_NUMBERS_AS_STRINGS);
    }

    /**
     * @param fields the raw {@link #FIELDS} of the state's hash, as {@link StateFields} reads them
     * @return the live state, or null if absent or expired at {@code now}
     */
    StoredState fromFields(StateId id, byte[][] fields, long now) {
        byte[] value = fields[0];
        if (value == null) {
            return null;
        }
        long expiresAt = isEmpty(fields[3]) ? StoredState.NEVER : digits(fields[3]);
        if (expiresAt <= now) {
            return null;
        }
        Set<String> labels = fields[4] == null || isEmptyArray(fields[4]) ? Set.of() : labels(parse(id, fields[4]));
        return new StoredState(id, parse(id, value), digits(fields[1]), labels,
                isEmpty(fields[2]) ? 0 : digits(fields[2]), expiresAt);
    }

    JsonNode parse(StateId id, String json) {
        JsonNode scalar = scalarNodes == null ? null : ScalarJson.read(json, scalarNodes);
        return scalar != null ? scalar : parse(id, () -> reader.readTree(json));
    }

    private JsonNode parse(StateId id, byte[] json) {
        JsonNode scalar = scalarNodes == null ? null : ScalarJson.read(json, scalarNodes);
        return scalar != null ? scalar : parse(id, () -> reader.readTree(json));
    }

    private static JsonNode parse(StateId id, JsonRead read) {
        try {
            return read.run();
        } catch (IOException e) {
            throw new CorruptStateException(id, "the stored value of " + id + " is not JSON", e);
        }
    }

    Set<String> labels(StateId id, String json) {
        return json.equals("[]") ? Set.of() : labels(parse(id, json));
    }

    private static Set<String> labels(JsonNode array) {
        Set<String> labels = new LinkedHashSet<>();
        array.forEach(label -> labels.add(label.asText()));
        return labels;
    }

    private static boolean isEmpty(byte[] field) {
        return field == null || field.length == 0;
    }

    private static boolean isEmptyArray(byte[] field) {
        return field.length == 2 && field[0] == '[' && field[1] == ']';
    }

    /** @return the non-negative decimal integer the ASCII digits spell */
    private static long digits(byte[] field) {
        if (field.length == 0 || field.length > 18) {
            return Long.parseLong(new String(field, StandardCharsets.US_ASCII));
        }
        long n = 0;
        for (byte b : field) {
            if (b < '0' || b > '9') {
                return Long.parseLong(new String(field, StandardCharsets.US_ASCII));
            }
            n = n * 10 + (b - '0');
        }
        return n;
    }

    /** One Jackson read, which may fail on text that is not JSON. */
    @FunctionalInterface
    private interface JsonRead {
        JsonNode run() throws IOException;
    }

    String labelsJson(Set<String> labels) {
        if (labels.isEmpty()) {
            return "[]";
        }
        return json(mapper.valueToTree(labels));
    }

    String json(JsonNode node) {
        String scalar = plainIntegers ? ScalarJson.write(node) : null;
        if (scalar != null) {
            return scalar;
        }
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the value as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
