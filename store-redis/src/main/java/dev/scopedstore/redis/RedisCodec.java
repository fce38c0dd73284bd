package dev.scopedstore.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.scopedstore.CorruptStateException;
import dev.scopedstore.StateId;
import dev.scopedstore.spi.StoredState;
import io.lettuce.core.KeyValue;
import java.util.LinkedHashSet;
import java.util.List;
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

    RedisCodec(ObjectMapper mapper) {
        this.mapper = mapper;
        this.reader = mapper.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    /** @return the live state from its {@link #FIELDS}, or null if absent or expired at {@code now} */
    StoredState fromFields(StateId id, List<KeyValue<String, String>> fields, long now) {
        String value = fields.get(0).getValueOrElse(null);
        if (value == null) {
            return null;
        }
        String expires = fields.get(3).getValueOrElse("");
        long expiresAt = expires.isEmpty() ? StoredState.NEVER : Long.parseLong(expires);
        if (expiresAt <= now) {
            return null;
        }
        return new StoredState(id, parse(id, value), Long.parseLong(fields.get(1).getValue()),
                labels(id, fields.get(4).getValueOrElse("[]")),
                Long.parseLong(fields.get(2).getValueOrElse("0")), expiresAt);
    }

    JsonNode parse(StateId id, String json) {
        try {
            return reader.readTree(json);
        } catch (JsonProcessingException e) {
            throw new CorruptStateException(id, "the stored value of " + id + " is not JSON", e);
        }
    }

    Set<String> labels(StateId id, String json) {
        if (json.equals("[]")) {
            return Set.of();
        }
        Set<String> labels = new LinkedHashSet<>();
        parse(id, json).forEach(label -> labels.add(label.asText()));
        return labels;
    }

    String labelsJson(Set<String> labels) {
        if (labels.isEmpty()) {
            return "[]";
        }
        return json(mapper.valueToTree(labels));
    }

    String json(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the value as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
