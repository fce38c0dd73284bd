package dev.scopedstore.spi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scopedstore.StateId;
import java.util.Objects;
import java.util.Set;

/**
 * One state as a backend holds it. The value tree belongs to the backend once handed over and
 * is never modified by the facade; a backend that keeps trees in memory may share it.
 *
 * @param id the state's identity
 * @param value the value
 * @param version grows by one with every write and never repeats for an id, even across
 *     delete and re-create
 * @param labels the labels given at creation
 * @param ttlMillis the idle time-to-live, {@code 0} for never
 * @param expiresAt epoch milliseconds after which the state no longer exists, or {@link #NEVER}
 */
public record StoredState(StateId id, JsonNode value, long version, Set<String> labels,
                          long ttlMillis, long expiresAt) {
    /** The {@link #expiresAt} of a state that never expires. */
    public static final long NEVER = Long.MAX_VALUE;

    /** Validates. */
    public StoredState {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(labels, "labels");
    }

    /**
     * @param nowMillis the current time
     * @return whether the state has expired at that time
     */
    public boolean isExpiredAt(long nowMillis) {
        return expiresAt <= nowMillis;
    }
}
