package dev.scopedstore;

/** A live subscription; closing it stops deliveries. Closing twice does nothing. */
public interface Subscription extends AutoCloseable {
    /**
     * Stops deliveries: none begins after this returns. A delivery in progress is waited for,
     * unless a listener closes a subscription (which must not wait for itself).
     */
    @Override
    void close();
}
