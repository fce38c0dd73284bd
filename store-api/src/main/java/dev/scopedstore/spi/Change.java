package dev.scopedstore.spi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scopedstore.StateId;

/**
 * One event of a backend's change feed: a write or a deletion. Expiry sends none.
 *
 * @param id the state
 * @param value the new value, or {@code null} for a deletion
 * @param version the version written; a deletion carries a version above the last write's
 * @param deleted whether the state was deleted
 */
public record Change(StateId id, JsonNode value, long version, boolean deleted) {
}
