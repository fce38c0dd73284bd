package dev.scopedstore.internal;

import dev.scopedstore.spi.Page;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Walks a backend listing page by page, fetching the next page only when it is needed. */
final class PagedIterator<T> implements Iterator<T> {
    private final Function<String, Page<T>> fetch;
    private Iterator<T> current;
    private String cursor;
    private boolean last;

    private PagedIterator(Function<String, Page<T>> fetch) {
        this.fetch = fetch;
    }

    /**
     * @param fetch returns the page after a cursor ({@code null} for the first)
     * @return a lazy, sequential stream
     */
    static <T> Stream<T> stream(Function<String, Page<T>> fetch) {
        Iterator<T> it = new PagedIterator<>(fetch);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it,
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    @Override
    public boolean hasNext() {
        while (current == null || !current.hasNext()) {
            if (last) {
                return false;
            }
            Page<T> page = fetch.apply(cursor);
            current = page.items().iterator();
            cursor = page.nextCursor();
            last = cursor == null;
        }
        return true;
    }

    @Override
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return current.next();
    }
}
