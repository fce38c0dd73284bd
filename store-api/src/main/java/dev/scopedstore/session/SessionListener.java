package dev.scopedstore.session;

/**
 * Hears of sessions starting and ending. Every method has an empty default. A listener runs on
 * the thread that caused the event ({@code connect}, {@code resume}, {@code close}, or the
 * sweep that found a session timed out) and should return quickly; what it throws is logged and
 * does not disturb the session.
 *
 * <p>A session started on one instance may be resumed or ended on another: each instance's
 * listeners hear what happens on that instance, and a session's end is heard exactly once,
 * on the instance that cleaned it up.
 */
public interface SessionListener {

    /** @param session a session {@link ClientSessions#connect()} just issued */
    default void started(ClientSession session) {
    }

    /** @param session a session {@link ClientSessions#resume(String)} just took up */
    default void resumed(ClientSession session) {
    }

    /**
     * Called after the client's scopes were dropped.
     *
     * @param clientId the ended session's client id
     * @param reason closed, or timed out
     */
    default void ended(String clientId, SessionEnd reason) {
    }
}
