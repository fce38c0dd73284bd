package dev.scopedstore.session;

import dev.scopedstore.Store;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * Issues, resumes and ends client sessions on one store. Thread-safe; one per store and
 * process, shared by every connection it serves.
 *
 * <pre>{@code
 * try (ClientSessions sessions = ClientSessions.builder(store).build()) {
 *     ClientSession session = sessions.connect();
 *     State<String> draft = session.store().createState("", StateOptions.key("draft").scope("chat.$client"));
 *     String cookie = session.resumeToken();
 *     // … the tab reloads, possibly on another instance:
 *     ClientSession again = sessions.resume(cookie);   // same client, same draft
 * }
 * }</pre>
 *
 * <p>Liveness lives in the backend, so sessions outlive the instance that opened them: a
 * session is live while its grace period, re-armed by {@link ClientSession#heartbeat()} and
 * {@link #resume(String)}, has not run out. Every instance sweeps now and then; the first to see
 * a session run out claims it and drops its client's scopes, and the others leave it alone.
 * The registry lives in the global scope {@link SessionSettings#registryScope()}
 * ({@value SessionSettings#DEFAULT_REGISTRY_SCOPE} unless configured).
 */
public interface ClientSessions extends AutoCloseable {

    /**
     * @param store the store whose backend keeps the sessions; it must be a store opened by
     *     {@link Store#open} or {@link Store#builder()}, or a view of one
     * @return a builder with the defaults of {@link SessionSettings}
     */
    static Builder builder(Store store) {
        return new Builder(store);
    }

    /**
     * Issues a new client: a fresh id from {@code SecureRandom}, a live session and its token.
     * Two backend writes: liveness, then the record.
     *
     * @return the session
     */
    ClientSession connect();

    /**
     * Takes up a session again, here or on any other instance of the same backend, for example
     * after a browser tab reloaded. Re-arms its grace period.
     *
     * @param token a {@link ClientSession#resumeToken()}
     * @return the same client, with its user and its states
     * @throws ResumeRefusedException if the token is malformed, not signed with this registry's
     *     key, or its session has ended; nothing is created
     */
    ClientSession resume(String token);

    /**
     * Lists the ids of the live sessions on the backend, opened by any instance. Close the
     * stream.
     *
     * @return the client ids, in no particular order
     */
    Stream<String> liveIds();

    /** @return how many sessions are live on the backend */
    long liveCount();

    /**
     * Ends, now, every session whose grace period has run out and that no other instance is
     * ending. A background task calls it every {@link SessionSettings#sweepInterval()}.
     *
     * @return how many sessions this call ended
     */
    int sweep();

    /** @return how long a session lives without being heard of */
    Duration gracePeriod();

    /**
     * Stops this instance's sweeps. Live sessions stay live in the backend, to be resumed or
     * swept by another instance; the store is not closed.
     */
    @Override
    void close();

    /** Builds {@link ClientSessions}. Not thread-safe. */
    final class Builder {
        private final Store store;
        private SessionSettings settings = SessionSettings.DEFAULTS;

        private Builder(Store store) {
            this.store = java.util.Objects.requireNonNull(store, "store");
        }

        /**
         * Signs tokens with the application's key instead of one kept in the backend.
         *
         * @param key at least 32 bytes, e.g. from a secret store; copied
         * @return this builder
         * @throws IllegalArgumentException if the key is shorter than 32 bytes
         */
        public Builder signingKey(byte[] key) {
            settings = settings.withSigningKey(key);
            return this;
        }

        /**
         * @param gracePeriod how long a session lives without a heartbeat or resume; default
         *     the store's default time-to-live for client scopes, else 5 minutes
         * @return this builder
         */
        public Builder gracePeriod(Duration gracePeriod) {
            settings = settings.withGracePeriod(gracePeriod);
            return this;
        }

        /**
         * @param sweepInterval how often this instance looks for timed-out sessions; default a
         *     quarter of the grace period, between 1 and 30 seconds; {@link Duration#ZERO} for
         *     no background sweep (call {@link ClientSessions#sweep()} yourself)
         * @return this builder
         */
        public Builder sweepInterval(Duration sweepInterval) {
            settings = settings.withSweepInterval(sweepInterval);
            return this;
        }

        /**
         * @param registryScope the global scope where the registry keeps its states (for two
         *     applications on one backend); default {@value SessionSettings#DEFAULT_REGISTRY_SCOPE}
         * @return this builder
         */
        public Builder registryScope(String registryScope) {
            settings = settings.withRegistryScope(registryScope);
            return this;
        }

        /**
         * @param listener told of this instance's session starts, resumes and ends
         * @return this builder
         */
        public Builder listener(SessionListener listener) {
            settings = settings.withListener(listener);
            return this;
        }

        /**
         * @return the session manager; reads or creates the registry's signing key if none was
         *     given (one backend round trip)
         * @throws IllegalArgumentException if the store is not one Scoped Store opened
         */
        public ClientSessions build() {
            return dev.scopedstore.internal.SessionFactory.open(store, settings);
        }
    }
}
