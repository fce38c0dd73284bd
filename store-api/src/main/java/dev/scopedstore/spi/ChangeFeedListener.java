package dev.scopedstore.spi;

/**
 * Receives a backend's changes. It is called on the backend's own thread and must return
 * quickly; the facade queues and coalesces before calling application listeners.
 */
@FunctionalInterface
public interface ChangeFeedListener {
    /** @param change a write or deletion, possibly made by another process */
    void onChange(Change change);
}
