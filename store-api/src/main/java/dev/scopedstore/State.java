package dev.scopedstore;

import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A handle on one state, from {@link Store#createState}. Handles are cheap and thread-safe;
 * any number may point at the same state, in any number of processes.
 *
 * <p>Versions grow by exactly one per write (also when the value is unchanged) and never repeat
 * for a state, even across delete and re-create. Values are copied in and out: mutating an
 * object after {@code set} or after {@code get} never changes what is stored.
 *
 * <p>For a state declared {@linkplain StateOptions#atomic(String) atomic}, each thread keeps
 * {@code ans}: the value it last read or wrote through this handle (at first, the value at
 * creation). {@link #set} then solves the caller's change {@code x} from {@code ans} and the
 * new value and sends only {@code x}, so that {@code votes.set(votes.get() + 1)} from many
 * writers at once loses no vote.
 *
 * <p>A value is any JSON value, {@code null} included: {@code set(null)} stores JSON {@code null},
 * which reads back as {@code null} (not as the default, which only a missing state returns).
 * Every backend stores the same values and refuses the same ones, before any I/O, with
 * {@link IllegalArgumentException} naming where the bad part is ({@code $.a[2].b}): a string or
 * field name that is not well-formed Unicode (an unpaired surrogate) or holds {@code U+0000},
 * a non-finite number, a value over the backend's size limit.
 *
 * <p>Every method throws {@link IllegalStateException} once the store is closed and
 * {@link BackendUnavailableException} when the backend cannot be reached in time.
 *
 * @param <T> the value type
 */
public interface State<T> {

    /**
     * @return the current value, or the default (without writing it) if the state was deleted
     *     or has expired; never stale after a write of this process
     * @throws StateTypeMismatchException if the stored value is of another type than {@code T}
     * @throws CorruptStateException if the stored value cannot be decoded at all
     */
    T get();

    /**
     * Writes a value. A plain state: last write wins. An atomic state: the change from this
     * thread's {@code ans} is applied atomically to the stored value.
     *
     * @param value the new value; {@code null} stores JSON {@code null}
     * @throws IllegalArgumentException if the value holds what no backend stores (see above),
     *     is over the backend's size limit, or the
     *     equation cannot express the write (including a change {@code x} that itself leaves
     *     the 64-bit range); nothing is written
     * @throws ArithmeticException if applying the change to the stored value leaves the 64-bit
     *     range; nothing is written
     */
    void set(T value);

    /**
     * Atomic read-modify-write: applies {@code fn} to the current value until a write
     * succeeds without interference. Updates of one state in one process are queued; the
     * compare-and-set loop only races other processes, with jittered back-off, for at most the
     * store's update timeout.
     *
     * @param fn computes the new value from the current one; may run more than once
     * @return the value written
     * @throws StateConflictException if the update timeout ran out; nothing was written
     */
    T update(UnaryOperator<T> fn);

    /**
     * Writes only if the state's version is still {@code expectedVersion}.
     *
     * @param expectedVersion a version read through {@link #version()}
     * @param value the new value; {@code null} stores JSON {@code null}
     * @return whether the value was written; on {@code false} nothing changed
     */
    boolean setIfVersion(long expectedVersion, T value);

    /**
     * Applies a change {@code x} directly through the state's equation, e.g. adds 5 to a
     * {@link Atomic#SUM} counter.
     *
     * @param x the change
     * @return the value after the change
     * @throws IllegalStateException if the state has no equation
     */
    T accumulate(T x);

    /** Deletes the state; a later {@link #get()} returns the default. Deleting twice does nothing. */
    void delete();

    /** @return the current version, or {@code 0} if the state does not exist */
    long version();

    /** Re-arms the state's expiry without writing it. */
    void touch();

    /**
     * Delivers every change of this state, from any process, until the subscription is closed.
     *
     * @param listener runs on the store's listener executor
     * @return closing it stops deliveries
     */
    Subscription subscribe(StateListener<T> listener);

    /** @return the resolved scope */
    Scope scope();

    /** @return the key */
    String key();

    /** @return the state's labels, as given when it was created (by any handle) */
    Set<String> labels();

    /** @return the state's identity */
    default StateId id() {
        return new StateId(scope(), key());
    }
}
