package dev.scopedstore;

/**
 * One change delivered to a subscriber: the state's new value and version, or its deletion.
 * Per state, versions arrive in increasing order and may skip intermediate ones, but the latest
 * value of every changed state always arrives.
 *
 * @param id the state that changed
 * @param value the new value, or {@code null} when {@code deleted}
 * @param version the version of this change
 * @param deleted whether the state was deleted
 * @param <T> the value type
 */
public record StateChange<T>(StateId id, T value, long version, boolean deleted) {
}
