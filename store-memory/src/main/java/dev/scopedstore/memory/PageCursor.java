package dev.scopedstore.memory;

import dev.scopedstore.StateId;

/** A listing cursor: the last id of a page. Scopes and keys hold no control characters. */
final class PageCursor {
    private static final char SEPARATOR = '\u0000';

    private PageCursor() {
    }

    static String encode(StateId last) {
        return last.scope().canonical() + SEPARATOR + last.key();
    }

    static StateId decode(String cursor) {
        int at = cursor.indexOf(SEPARATOR);
        if (at < 0) {
            throw new IllegalArgumentException("not a cursor of this backend");
        }
        return StateId.parse(cursor.substring(0, at), cursor.substring(at + 1));
    }
}
