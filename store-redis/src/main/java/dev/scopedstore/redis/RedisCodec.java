package dev.scopedstore.redis;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.scopedstore.CorruptStateException;
import dev.scopedstore.StateId;
import dev.scopedstore.spi.ScalarJson;
import dev.scopedstore.spi.StoredState;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * JSON in and out of Redis: a state's string (see {@link RedisKeys}) to a
 * {@link StoredState}, values and labels to script arguments. Decimals decode as
 * {@code BigDecimal}, so nothing is rounded; a value that is not JSON is a
 * {@link CorruptStateException} for that state only.
 */
final class RedisCodec {
    private final ObjectMapper mapper;
    private final ObjectReader reader;
    /**
     * The mapper's writer, never indenting: a state's string is a header line and a value, and
     * the scripts splice arrays as text, so stored JSON must be compact whatever the mapper does.
     */
    private final ObjectWriter writer;
    /** The nodes scalars read as, or null if the mapper reads integers otherwise (all via Jackson). */
    private final JsonNodeFactory scalarNodes;
    /** Whether the mapper writes integers as plain digits (else all via Jackson). */
    private final boolean plainIntegers;

    RedisCodec(ObjectMapper mapper) {
        this.mapper = mapper;
        this.reader = mapper.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        this.writer = mapper.writer().without(SerializationFeature.INDENT_OUTPUT);
        this.scalarNodes = reader.isEnabled(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
                || reader.isEnabled(DeserializationFeature.USE_LONG_FOR_INTS)
                ? null : reader.getConfig().getNodeFactory();
        this.plainIntegers = !mapper.getFactory().isEnabled(JsonGenerator.Feature.WRITE_NUMBERS_AS_STRINGS);
    }

    /**
     * @param text a state's string as {@link StateText} reads it: {@code <version> <ttl>
     *     <expiresAt> <labels>}, a newline, the value (see {@link RedisKeys}); null if absent
     * @return the live state, or null if absent or expired at {@code now}
     * @throws CorruptStateException if the header or the value cannot be read
     */
    StoredState fromText(StateId id, byte[] text, long now) {
        if (text == null) {
            return null;
        }
        int newline = indexOf(text, '\n', 0, text.length);
        int ttlAt = indexOf(text, ' ', 0, newline) + 1;
        int expiresAt = ttlAt == 0 ? 0 : indexOf(text, ' ', ttlAt, newline) + 1;
        int labelsAt = expiresAt == 0 ? 0 : indexOf(text, ' ', expiresAt, newline) + 1;
        if (labelsAt == 0) {
            throw unreadableHeader(id, null);
        }
        long expires = labelsAt - 1 == expiresAt ? StoredState.NEVER : digits(id, text, expiresAt, labelsAt - 1);
        if (expires <= now) {
            return null;
        }
        Set<String> labels = newline - labelsAt == 2 && text[labelsAt] == '[' && text[labelsAt + 1] == ']'
                ? Set.of() : labels(parse(id, Arrays.copyOfRange(text, labelsAt, newline)));
        return new StoredState(id, parse(id, Arrays.copyOfRange(text, newline + 1, text.length)),
                digits(id, text, 0, ttlAt - 1), labels, digits(id, text, ttlAt, expiresAt - 1), expires);
    }

    /**
     * @param cause what found it: null when read here, the script's error reply when a write
     *     script refused the state
     */
    static CorruptStateException unreadableHeader(StateId id, Throwable cause) {
        return new CorruptStateException(id,
                "the stored string does not start with a readable header (version, time-to-live, expiry, labels);"
                        + " delete the state to write it again", cause);
    }

    /** @return the index of {@code b} in {@code text[from, to)}, or -1 */
    private static int indexOf(byte[] text, char b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text[i] == b) {
                return i;
            }
        }
        return -1;
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

    /** @return the non-negative decimal integer the ASCII digits of {@code text[from, to)} spell */
    private static long digits(StateId id, byte[] text, int from, int to) {
        if (from >= to || to - from > 18) {
            throw unreadableHeader(id, null);
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            byte b = text[i];
            if (b < '0' || b > '9') {
                throw unreadableHeader(id, null);
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
            return writer.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the value as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
