package dev.scopedstore.session;

import dev.scopedstore.Store;
import java.time.Instant;
import java.util.Optional;

/**
 * One connected client: its id, its resume token and a store view with {@code $client} bound
 * to the id (and {@code $user} once logged in). Thread-safe. Its {@code toString()} shows
 * neither the id nor the token.
 *
 * <p>Every scope holding {@code $client} that states are created in through {@link #store()}
 * (or a view of it with the same client) is recorded in the backend, so that the session's end
 * drops exactly those scopes, nested ones included, at a cost of the client's own states.
 */
public interface ClientSession extends AutoCloseable {

    /**
     * @return the client id: 128 random bits, URL-safe base64 (22 characters), the id
     *     {@code $client} resolves to
     */
    String id();

    /**
     * @return the signed token a client presents to {@link ClientSessions#resume(String)}, for
     *     example in a cookie; it holds the id, so keep it as secret as a session cookie
     */
    String resumeToken();

    /** @return when the session was issued, by the store's clock */
    Instant issuedAt();

    /**
     * @return a view of the store whose {@code $client} is this client and whose {@code $user}
     *     is the logged-in user, if any; closing it does nothing
     * @throws IllegalStateException once the session has ended
     */
    Store store();

    /**
     * @param componentKey the containing component's key
     * @return {@link #store()} with {@code $component} bound as well
     */
    Store withComponent(String componentKey);

    /**
     * Binds the authenticated user: from now on {@link #store()} resolves {@code $user} to it,
     * here and on every instance that resumes the session. One backend write.
     *
     * @param userId the user's id
     * @throws IllegalStateException once the session has ended
     */
    void login(String userId);

    /** Unbinds the user; {@code $user} no longer resolves. One backend write. */
    void logout();

    /** @return the logged-in user, if any */
    Optional<String> userId();

    /**
     * Tells the store the client is still there: re-arms the session's grace period with one
     * backend write, and nothing else.
     *
     * @return {@code true} if the session is live; {@code false} if it had already ended (the
     *     client should connect afresh)
     */
    boolean heartbeat();

    /** @return whether this instance still considers the session live */
    boolean isOpen();

    /**
     * Ends the session now: drops every scope of the client, closes the subscriptions made
     * through its views and tells the listeners. Its token no longer resumes. Closing twice does
     * nothing.
     */
    @Override
    void close();
}
