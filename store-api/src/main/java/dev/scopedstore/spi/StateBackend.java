package dev.scopedstore.spi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scopedstore.Scope;
import dev.scopedstore.StateId;
import dev.scopedstore.Subscription;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Storage for states: what a backend implements. The facade has already resolved scopes,
 * checked limits, encoded values to JSON trees and solved equations; a backend only stores,
 * encodes for its medium, runs its native atomic operations and feeds changes.
 *
 * <p>Contract for every method:
 * <ul>
 *   <li>thread-safe; writes of one state are linearizable;</li>
 *   <li>an expired state (per {@link BackendContext#clock()}) is absent: never returned,
 *       listed or counted, whatever the backend's own clean-up schedule;</li>
 *   <li>every write raises the version by exactly one; a state created after a deletion or
 *       expiry gets a version above every version the id had before;</li>
 *   <li>every write re-arms expiry from the {@link StateMeta} it carries; a write that creates
 *       a state gives it the meta's labels;</li>
 *   <li>every write and deletion is published to the subscribers whose filter covers it;</li>
 *   <li>failure to reach the medium raises
 *       {@link dev.scopedstore.BackendUnavailableException} within the operation timeout.</li>
 * </ul>
 */
public interface StateBackend extends AutoCloseable {

    /** @return what this backend does natively, and its largest value */
    Capabilities capabilities();

    /**
     * @param id a state
     * @return the state, or empty if absent or expired
     */
    Optional<StoredState> get(StateId id);

    /**
     * Reads many states. The default reads them one by one; a backend with
     * {@link Capability#BULK_READ} replaces it.
     *
     * @param ids the states
     * @return the present ones, by id
     */
    default Map<StateId, StoredState> getAll(Collection<StateId> ids) {
        Map<StateId, StoredState> found = new LinkedHashMap<>();
        for (StateId id : ids) {
            get(id).ifPresent(state -> found.put(id, state));
        }
        return found;
    }

    /**
     * Insert-if-absent: returns the existing state unchanged (its labels and expiry too), or
     * creates it with {@code initial}. Racing creators, in any number of processes, all get
     * the same single state.
     *
     * @param id the state
     * @param initial the value of a state this call creates
     * @param meta labels and time-to-live of a state this call creates
     * @return the existing or created state
     */
    StoredState getOrCreate(StateId id, JsonNode initial, StateMeta meta);

    /**
     * Sets the value unconditionally, creating the state if absent.
     *
     * @param id the state
     * @param value the new value
     * @param meta labels if created; the time-to-live to re-arm
     * @return the state as written
     */
    StoredState put(StateId id, JsonNode value, StateMeta meta);

    /**
     * Sets many values. The default writes them one by one; a backend with
     * {@link Capability#BULK_WRITE} replaces it.
     *
     * @param writes the new values, one per state
     * @return the states as written, in the order given
     */
    default List<StoredState> putAll(List<Write> writes) {
        return writes.stream().map(w -> put(w.id(), w.value(), w.meta())).toList();
    }

    /**
     * Compare-and-set: writes only if the state exists with exactly {@code expectedVersion}.
     *
     * @param id the state
     * @param expectedVersion the version the caller read
     * @param value the new value
     * @param meta the time-to-live to re-arm
     * @return the state as written, or empty if the version differed or the state is absent
     */
    Optional<StoredState> putIfVersion(StateId id, long expectedVersion, JsonNode value,
                                       StateMeta meta);

    /**
     * Applies an atomic operation in one step: {@code value = op.applyTo(value)}, where an
     * absent state counts as {@code initial}. Called only for the kinds whose
     * {@link Capability#nativeFor native capability} the backend declares. Must apply each
     * {@link AtomicOp#writeId()} at most once, even if the driver re-sends the request.
     *
     * <p>A backend whose native step handles only some operands or stored values (integers but
     * not decimals, say) declines the others by returning empty, having written nothing; the
     * facade then applies the operation with its one compare-and-set loop
     * ({@link #getOrCreate}, then {@link #putIfVersion} until it wins), so no backend writes a
     * loop of its own.
     *
     * @param id the state
     * @param op the operation
     * @param initial the value an absent state starts from
     * @param meta labels if created; the time-to-live to re-arm
     * @return the state as written, or empty if this backend declines this operation here
     * @throws ArithmeticException if an integer leaves the 64-bit range; nothing is written
     * @throws IllegalArgumentException if the operand does not fit the stored value's shape;
     *     nothing is written
     */
    default Optional<StoredState> apply(StateId id, AtomicOp op, JsonNode initial, StateMeta meta) {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " declares no native " + op.kind());
    }

    /**
     * @param id a state
     * @return whether a state was deleted
     */
    boolean delete(StateId id);

    /**
     * Re-arms the expiry of one state from its own time-to-live, without writing it.
     *
     * @param id a state
     * @return whether the state exists
     */
    boolean touch(StateId id);

    /**
     * Re-arms the expiry of every state of exactly one scope.
     *
     * @param scope the scope
     * @return how many states were touched
     */
    long touchScope(Scope scope);

    /**
     * Lists states, ordered by scope and then key, one page at a time. Must not scan states
     * outside the filter's scopes (no full scan for a scoped filter).
     *
     * @param filter which scopes
     * @param cursor {@code null} for the first page, else a previous page's cursor
     * @param limit the most items per page, positive
     * @return a page
     */
    Page<StoredState> states(ScopeFilter filter, String cursor, int limit);

    /**
     * Lists the scopes that hold at least one state, in canonical order, one page at a time.
     *
     * @param filter which scopes
     * @param cursor {@code null} for the first page, else a previous page's cursor
     * @param limit the most items per page, positive
     * @return a page
     */
    Page<Scope> scopes(ScopeFilter filter, String cursor, int limit);

    /**
     * Deletes every state carrying at least one of the labels, publishing each deletion.
     *
     * @param labels the labels
     * @return how many states were deleted
     */
    long purgeLabels(Set<String> labels);

    /**
     * Deletes every state the filter covers, publishing each deletion.
     *
     * @param filter which scopes
     * @return how many states were deleted
     */
    long dropScope(ScopeFilter filter);

    /**
     * Checks that the medium answers.
     *
     * @throws dev.scopedstore.BackendUnavailableException if it does not
     */
    void ping();

    /**
     * Subscribes to writes and deletions of the states the filter covers, by any process. After
     * a loss of connection, the backend re-reads and delivers the latest state of every state
     * that changed meanwhile.
     *
     * @param filter which scopes
     * @param listener called on the backend's thread; must return quickly
     * @return closing it ends the subscription
     */
    Subscription subscribe(ScopeFilter filter, ChangeFeedListener listener);

    /** Releases what {@link StateBackendProvider#open} opened; never what the application passed in. */
    @Override
    void close();
}
