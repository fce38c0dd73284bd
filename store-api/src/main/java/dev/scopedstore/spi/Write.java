package dev.scopedstore.spi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scopedstore.StateId;
import java.util.Objects;

/**
 * One unconditional write of a bulk {@link StateBackend#putAll}.
 *
 * @param id the state
 * @param value the new value
 * @param meta labels if created; the time-to-live to re-arm
 */
public record Write(StateId id, JsonNode value, StateMeta meta) {
    /** Validates. */
    public Write {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(meta, "meta");
    }
}
