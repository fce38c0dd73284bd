package dev.scopedstore.redis;

import dev.scopedstore.StateId;
import dev.scopedstore.spi.Change;
import dev.scopedstore.spi.ChangeFanout;
import dev.scopedstore.spi.ScopeFilter;
import dev.scopedstore.spi.StoredState;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One subscribed pub/sub channel: its in-process subscribers, and the last version of every
 * live state it covers that this process has seen (listed or announced), so the re-read after
 * a reconnect can tell which states went away meanwhile. Costs one map entry per covered state.
 */
final class FeedChannel {
    final String name;
    /** What the channel carries: its scope and every scope below it. */
    final ScopeFilter covered;
    final ChangeFanout fanout = new ChangeFanout();
    private final Map<StateId, Long> known = new ConcurrentHashMap<>();

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
