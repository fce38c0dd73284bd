package dev.scopedstore.spi;

import java.util.Objects;
import java.util.Set;

/**
 * What a write carries besides the value: the labels a state gets when the write creates it,
 * and its idle time-to-live. Every write re-arms the expiry to {@code now + ttlMillis} with the
 * backend's {@link BackendContext#clock()}.
 *
 * @param labels labels for a state the write creates; an existing state keeps its own
 * @param ttlMillis the idle time-to-live in milliseconds, or {@code 0} for never
 */
public record StateMeta(Set<String> labels, long ttlMillis) {
    /** No labels, no expiry. */
    public static final StateMeta NONE = new StateMeta(Set.of(), 0);

    /** Validates and copies. */
    public StateMeta {
        labels = Set.copyOf(Objects.requireNonNull(labels, "labels"));
        if (ttlMillis < 0) {
            throw new IllegalArgumentException("ttlMillis is negative: " + ttlMillis);
        }
    }

    /**
     * @param nowMillis the current time
     * @return when a state written now expires, or {@link StoredState#NEVER}
     */
    public long expiresAt(long nowMillis) {
        return ttlMillis == 0 ? StoredState.NEVER : nowMillis + ttlMillis;
    }
}
