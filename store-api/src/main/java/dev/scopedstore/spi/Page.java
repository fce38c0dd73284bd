package dev.scopedstore.spi;

import java.util.List;

/**
 * One page of a listing. The facade asks for the next page with {@link #nextCursor()} until it
 * is {@code null}; a cursor is opaque to everybody but the backend that made it.
 *
 * @param items the items of this page, in the backend's order
 * @param nextCursor where the next page starts, or {@code null} after the last page
 * @param <T> the item type
 */
public record Page<T>(List<T> items, String nextCursor) {
    /** Copies the items. */
    public Page {
        items = List.copyOf(items);
    }
}
