package dev.scopedstore.session;

import dev.scopedstore.StoreException;

/**
 * A resume token was refused: it is malformed, its signature does not match (forged, altered,
 * or signed with another key), or its session has ended (timed out, closed, or never issued by
 * this backend). Nothing was created. The message says which, and never repeats the token or
 * the client id; the client should {@link ClientSessions#connect() connect} afresh.
 */
public class ResumeRefusedException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** @param message why the token was refused */
    public ResumeRefusedException(String message) {
        super(message);
    }
}
