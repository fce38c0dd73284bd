package dev.scopedstore.session;

/** Why a client session ended. */
public enum SessionEnd {
    /** {@link ClientSession#close()} was called. */
    CLOSED,
    /** Nothing was heard of the session for its grace period: no heartbeat, no resume. */
    TIMED_OUT
}
