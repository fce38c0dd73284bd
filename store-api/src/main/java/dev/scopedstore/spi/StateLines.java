package dev.scopedstore.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scopedstore.StateId;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The backend-neutral line format of export, import and the memory backend's snapshot file:
 * one JSON object per state with {@code scope} (canonical), {@code key}, {@code value},
 * {@code version}, {@code labels}, {@code ttlMillis} and {@code expiresAt} (an ISO-8601
 * instant, or {@code null} for never).
 */
public final class StateLines {
    private StateLines() {
    }

    /**
     * @param state a state
     * @return its line, as a tree
     */
    public static ObjectNode toJson(StoredState state) {
        ObjectNode line = JsonNodeFactory.instance.objectNode();
        line.put("scope", state.id().scope().canonical());
        line.put("key", state.id().key());
        line.set("value", state.value());
        line.put("version", state.version());
        ArrayNode labels = line.putArray("labels");
        state.labels().forEach(labels::add);
        line.put("ttlMillis", state.ttlMillis());
        if (state.expiresAt() == StoredState.NEVER) {
            line.putNull("expiresAt");
        } else {
            line.put("expiresAt", Instant.ofEpochMilli(state.expiresAt()).toString());
        }
        return line;
    }

    /**
     * Reads a line back. Only {@code scope}, {@code key} and {@code value} are required; a
     * missing version reads as 0, missing labels as none, a missing time-to-live as never.
     *
     * @param line one parsed line
     * @return the state it describes
     * @throws IllegalArgumentException naming the field that is missing or malformed
     */
    public static StoredState fromJson(JsonNode line) {
        if (!line.isObject()) {
            throw new IllegalArgumentException("expected a JSON object, found " + line.getNodeType());
        }
        StateId id;
        try {
            id = StateId.parse(text(line, "scope"), text(line, "key"));
        } catch (NullPointerException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        JsonNode value = line.get("value");
        if (value == null) {
            throw new IllegalArgumentException("the field 'value' is missing");
        }
        long version = number(line, "version");
        long ttlMillis = number(line, "ttlMillis");
        if (version < 0 || ttlMillis < 0) {
            throw new IllegalArgumentException("'version' and 'ttlMillis' may not be negative");
        }
        return new StoredState(id, value, version, labels(line), ttlMillis, expiresAt(line));
    }

    private static String text(JsonNode line, String field) {
        JsonNode node = line.get(field);
        if (node == null || !node.isTextual()) {
            throw new IllegalArgumentException("the field '" + field + "' is missing or not a string");
        }
        return node.textValue();
    }

    private static long number(JsonNode line, String field) {
        JsonNode node = line.get(field);
        if (node == null || node.isNull()) {
            return 0;
        }
        if (!node.canConvertToExactIntegral() || !node.canConvertToLong()) {
            throw new IllegalArgumentException("the field '" + field + "' is not a whole number");
        }
        return node.longValue();
    }

    private static Set<String> labels(JsonNode line) {
        JsonNode node = line.get("labels");
        Set<String> labels = new LinkedHashSet<>();
        if (node == null || node.isNull()) {
            return labels;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("the field 'labels' is not an array");
        }
        for (JsonNode label : node) {
            if (!label.isTextual() || label.textValue().isEmpty()) {
                throw new IllegalArgumentException("the field 'labels' holds " + label + ", not a label");
            }
            labels.add(label.textValue());
        }
        return labels;
    }

    private static long expiresAt(JsonNode line) {
        JsonNode node = line.get("expiresAt");
        if (node == null || node.isNull()) {
            return StoredState.NEVER;
        }
        try {
            return Instant.parse(node.asText()).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("the field 'expiresAt' is not an ISO-8601 instant: " + node);
        }
    }
}
