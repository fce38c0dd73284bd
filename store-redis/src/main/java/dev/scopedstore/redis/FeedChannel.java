package dev.scopedstore.redis;

import dev.scopedstore.StateId;
import dev.scopedstore.spi.Change;
import dev.scopedstore.spi.ChangeFanout;
import dev.scopedstore.spi.ScopeFilter;
import dev.scopedstore.spi.StoredState;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One subscribed pub/sub channel: its in-process subscribers, and the last version of every
 * live state it covers that this process has seen (listed or announced), so the re-read after
 * a reconnect can tell which states went away meanwhile. Costs one map entry per covered state.
 * An expiry sends no event, so expired states are swept out of that map (see
 * {@link #sweepDue()}): it stays within about twice the live states, plus {@value #SWEEP_FLOOR}.
 */
final class FeedChannel {
    /** The fewest known states that make a sweep due. */
    static final int SWEEP_FLOOR = 1024;

    final String name;
    /** What the channel carries: its scope and every scope below it. */
    final ScopeFilter covered;
    final ChangeFanout fanout = new ChangeFanout();
    private final Map<StateId, Long> known = new ConcurrentHashMap<>();
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private volatile int sweepAt = SWEEP_FLOOR;

    FeedChannel(String name, ScopeFilter covered) {
        this.name = name;
        this.covered = covered;
    }

    /** Records a state found by a listing, without telling anybody. */
    void seen(StoredState state) {
        known.merge(state.id(), state.version(), Math::max);
    }

    /** Records a change and hands it to the subscribers. */
    void deliver(Change change) {
        if (change.deleted()) {
            known.remove(change.id());
        } else {
            known.merge(change.id(), change.version(), Math::max);
        }
        fanout.publish(change);
    }

    /**
     * @return true, once, when the known states have doubled since the last sweep (or passed
     *     {@value #SWEEP_FLOOR}): the caller sweeps, then calls {@link #swept()}
     */
    boolean sweepDue() {
        return known.size() > sweepAt && sweeping.compareAndSet(false, true);
    }

    /** Ends a sweep: the next is due when the states known now have doubled. */
    void swept() {
        sweepAt = Math.max(SWEEP_FLOOR, 2 * known.size());
        sweeping.set(false);
    }

    /** @return how many states the channel knows now */
    int knownCount() {
        return known.size();
    }

    /** @return the states known now, with their versions */
    Map<StateId, Long> known() {
        return Map.copyOf(known);
    }

    /**
     * Announces a state that a re-read no longer found, unless a change to it arrived since
     * {@code seenVersion} was recorded.
     *
     * @param deletedVersion above every version the state had
     */
    void gone(StateId id, long seenVersion, long deletedVersion) {
        if (known.remove(id, seenVersion)) {
            fanout.publish(new Change(id, null, deletedVersion, true));
        }
    }

    /** Forgets a state that a re-read found expired, unless a change to it arrived since. */
    void expired(StateId id, long seenVersion) {
        known.remove(id, seenVersion);
    }
}
