package dev.scopedstore.spi;

import dev.scopedstore.Scope;
import dev.scopedstore.StateId;
import java.util.Objects;

/**
 * The one listing cursor codec every backend uses: a page ends at the last state (or scope) it
 * listed, and the next page starts after it. A cursor of states is the canonical scope and the
 * key around a line feed (neither may contain one); a cursor of scopes is the canonical scope.
 * Decoding validates the whole cursor, so a cursor that no backend made is
 * {@link IllegalArgumentException} on every backend, before any I/O. Messages never repeat a
 * cursor: it may hold a client's id.
 */
public final class PageCursor {
    private static final char SEPARATOR = '\n';

    private PageCursor() {
    }

    /**
     * @param last the last state of a page
     * @return the cursor of the page after it
     */
    public static String after(StateId last) {
        return last.scope().canonical() + SEPARATOR + last.key();
    }

    /**
     * @param last the last scope of a page
     * @return the cursor of the page after it
     */
    public static String after(Scope last) {
        return last.canonical();
    }

    /**
     * @param cursor a cursor made by {@link #after(StateId)}
     * @return the last state of the previous page
     * @throws IllegalArgumentException if it is not such a cursor
     */
    public static StateId lastState(String cursor) {
        Objects.requireNonNull(cursor, "cursor");
        int at = cursor.indexOf(SEPARATOR);
        if (at < 0) {
            throw malformed("it has no key");
        }
        try {
            return StateId.parse(cursor.substring(0, at), cursor.substring(at + 1));
        } catch (IllegalArgumentException e) { // its message would repeat the cursor's text
            throw malformed("its state id is invalid");
        }
    }

    /**
     * @param cursor a cursor made by {@link #after(Scope)}
     * @return the last scope of the previous page
     * @throws IllegalArgumentException if it is not such a cursor
     */
    public static Scope lastScope(String cursor) {
        Objects.requireNonNull(cursor, "cursor");
        try {
            return Scope.parse(cursor);
        } catch (IllegalArgumentException e) { // its message would repeat the cursor's text
            throw malformed("it is not a canonical scope");
        }
    }

    private static IllegalArgumentException malformed(String why) {
        return new IllegalArgumentException("not a paging cursor of a listing: " + why);
    }
}
