package dev.scopedstore;

/**
 * Receives changes on the store's listener executor. A listener that throws is logged and
 * never disturbs other listeners or later deliveries.
 *
 * @param <T> the value type
 */
@FunctionalInterface
public interface StateListener<T> {
    /** @param change the state's latest change */
    void onChange(StateChange<T> change);
}
