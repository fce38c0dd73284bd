package dev.scopedstore;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.scopedstore.internal.StoreFactory;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The facade: live values identified by a scope and a key, kept in a pluggable backend.
 *
 * <pre>{@code
 * try (Store store = Store.open()) {                      // memory backend, the default
 *     State<Integer> votes = store.createState(0, StateOptions.key("votes").scope("poll.42"));
 *     votes.update(n -> n + 1);
 * }
 * }</pre>
 *
 * <p>The backend is chosen by the URL's scheme: {@code memory:}, {@code postgresql://…},
 * {@code redis://…}, {@code dynamodb://…}; swapping it never changes the calling code. A store
 * is thread-safe. Scopes name placeholders ({@link Scopes}) that a view made with
 * {@link #with(ScopeContext)} resolves.
 *
 * <p>Every method throws {@link NullPointerException} for a {@code null} argument (a value
 * excepted: {@code null} is JSON {@code null}, see {@link State}),
 * {@link IllegalStateException} after {@link #close()}, and
 * {@link BackendUnavailableException} when the backend cannot be reached in time. Bad scopes,
 * keys and values are refused with {@link IllegalArgumentException} or
 * {@link MissingScopeContextException} before any I/O.
 */
public interface Store extends AutoCloseable {

    /**
     * Opens the store named by the system property {@code scopedstore.url}, else the
     * environment variable {@code SCOPEDSTORE_URL}, else {@code memory:}.
     *
     * @return a new store
     * @throws StoreConfigurationException if the URL is invalid or no backend serves it
     */
    static Store open() {
        return StoreFactory.open(defaultUrl());
    }

    /**
     * @return the URL {@link #open()} uses: the system property {@code scopedstore.url}, else
     *     the environment variable {@code SCOPEDSTORE_URL}, else {@code memory:}
     */
    static String defaultUrl() {
        return StoreFactory.defaultUrl();
    }

    /**
     * @param url e.g. {@code memory:}, {@code memory:/var/lib/app/states.jsonl?flushInterval=30s},
     *     {@code postgresql://app:secret@db:5432/app}
     * @return a new store on the backend that serves the URL's scheme
     * @throws StoreConfigurationException if the URL is invalid, no backend on the class path
     *     serves its scheme, or two do; the message lists the schemes found
     */
    static Store open(String url) {
        return StoreFactory.open(url);
    }

    /**
     * @param config URL or backend, mapper, clock, timeouts, executor
     * @return a new store
     * @throws StoreConfigurationException as {@link #open(String)}
     */
    static Store open(StoreConfig config) {
        return StoreFactory.open(config);
    }

    /** @return a builder, also for a backend the application constructs itself */
    static StoreBuilder builder() {
        return new StoreBuilder();
    }

    /**
     * Get-or-create. If the state exists, the handle shows the stored value and its labels and
     * expiry are left unchanged; if not, {@code defaultValue} is written insert-if-absent, so
     * racing creators in any number of processes end with one value.
     *
     * @param defaultValue the value of a new state, and what {@link State#get()} returns after
     *     a deletion; its class is the state's type ({@code List}, {@code Set} and {@code Map}
     *     implementations are read back as those interfaces)
     * @param options key, scope, equation, labels, time-to-live
     * @param <T> the value type
     * @return a handle
     * @throws IllegalArgumentException if the scope, the equation or the value is invalid
     * @throws MissingScopeContextException if a placeholder cannot be resolved
     */
    <T> State<T> createState(T defaultValue, StateOptions options);

    /**
     * As {@link #createState(Object, StateOptions)}, for a generic type or a {@code null}
     * default.
     *
     * @param type the value type, e.g. {@code new TypeReference<List<String>>() {}}
     * @param defaultValue the value of a new state; may be {@code null}
     * @param options key, scope, equation, labels, time-to-live
     * @param <T> the value type
     * @return a handle
     */
    <T> State<T> createState(TypeReference<T> type, T defaultValue, StateOptions options);

    /**
     * As {@link #createState(Object, StateOptions)}, with an explicit class.
     *
     * @param type the value class
     * @param defaultValue the value of a new state; may be {@code null}
     * @param options key, scope, equation, labels, time-to-live
     * @param <T> the value type
     * @return a handle
     */
    <T> State<T> createState(Class<T> type, T defaultValue, StateOptions options);

    /**
     * @param options key and scope
     * @return whether the state exists and has not expired
     */
    boolean hasState(StateOptions options);

    /**
     * @param options key and scope
     * @return whether a state was deleted
     */
    boolean deleteState(StateOptions options);

    /**
     * Reads many states in as few round trips as the backend allows.
     *
     * @param states handles, possibly of different stores' views of the same backend
     * @param <T> a type every state's value has
     * @return their values in the same order; the default for an absent state
     */
    <T> List<T> getAll(List<? extends State<? extends T>> states);

    /**
     * Writes many states in as few round trips as the backend allows; each write has the
     * semantics of {@link State#set}.
     *
     * @param values the new value of each state
     * @param <T> the value type
     */
    <T> void setAll(Map<? extends State<T>, ? extends T> values);

    /**
     * Lists states, page by page as the stream is consumed. Close the stream (try-with-resources).
     *
     * @param query one scope, or a scope and those nested under it; resolved at once, so a
     *     bad scope throws here rather than when the stream is read
     * @return the states, ordered by scope and key
     */
    Stream<StateEntry> states(ScopeQuery query);

    /**
     * Lists the scopes that hold states, page by page. Close the stream.
     *
     * @param query one scope, or a scope and those nested under it
     * @return the scopes in canonical order
     */
    Stream<Scope> scopes(ScopeQuery query);

    /**
     * Deletes every state carrying any of the labels, e.g. when a component is destroyed.
     * Subscribers see each deletion.
     *
     * @param labels one or more labels
     * @return how many states were deleted
     */
    long purgeLabels(String... labels);

    /**
     * Deletes every state of the scopes the query covers. Subscribers see each deletion.
     *
     * @param query which scopes
     * @return how many states were deleted
     */
    long dropScope(ScopeQuery query);

    /**
     * Re-arms the expiry of every state of one scope, e.g. on a client's heartbeat.
     *
     * @param scope the scope as the application writes it
     * @return how many states were touched
     */
    long touch(String scope);

    /**
     * Health check: returns normally if the backend answers in time.
     *
     * @throws BackendUnavailableException if it does not
     */
    void ping();

    /**
     * A view that resolves placeholders from {@code context}, sharing this store's backend.
     * Closing a view does not close its store.
     *
     * @param context the ids of the client, component and user
     * @return the view
     */
    Store with(ScopeContext context);

    /**
     * Delivers every write and deletion, by any process, of the states the query covers. Per
     * state, versions arrive in increasing order and may skip intermediate ones; the latest
     * value always arrives.
     *
     * @param query which scopes
     * @param listener runs on the listener executor
     * @return closing it stops deliveries
     */
    Subscription subscribe(ScopeQuery query, StateListener<JsonNode> listener);

    /**
     * Writes every state as JSON Lines: one object per line with {@code scope} (canonical),
     * {@code key}, {@code value}, {@code version}, {@code labels}, {@code ttlMillis} and
     * {@code expiresAt}. Streams page by page; the output is not closed.
     *
     * @param out where to write
     * @return how many states were written
     */
    long export(OutputStream out);

    /**
     * Reads states written by {@link #export} and sets each one (value, labels, time-to-live),
     * all or nothing: every line is read and checked before any is written, and a bad line
     * throws with a message naming its line number, having imported nothing. The checked states
     * are held in memory until they are written, in as few round trips as the backend allows
     * (split an import larger than the heap). The input is not closed.
     *
     * @param in JSON Lines
     * @return how many states were imported
     * @throws IllegalArgumentException if a line is malformed or breaks the limits; nothing was
     *     imported
     */
    long importFrom(InputStream in);

    /** @return the context this store or view resolves placeholders with */
    ScopeContext context();

    /**
     * Hands power users what lies beneath, as JSR-107's {@code unwrap}: the
     * {@link dev.scopedstore.spi.StateBackend} (whose {@code capabilities()} tell what it does
     * natively) or the backend's own type.
     *
     * @param type the class wanted
     * @param <U> the type wanted
     * @return the backend, as that type
     * @throws IllegalArgumentException if the backend is not of that type
     */
    <U> U unwrap(Class<U> type);

    /**
     * Closes the store and what it opened. Closing a view does nothing to its store; closing
     * twice does nothing.
     */
    @Override
    void close();
}
