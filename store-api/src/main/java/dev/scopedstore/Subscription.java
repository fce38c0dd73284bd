package dev.scopedstore;

/** A live subscription; closing it stops deliveries. Closing twice does nothing. */
public interface Subscription extends AutoCloseable {
    /** Stops deliveries; a delivery already running finishes. */
    @Override
    void close();
}
