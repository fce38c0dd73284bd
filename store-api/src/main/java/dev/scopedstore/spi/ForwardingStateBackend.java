package dev.scopedstore.spi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scopedstore.Scope;
import dev.scopedstore.StateId;
import dev.scopedstore.Subscription;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A backend that forwards every call to another one: extend it and override what a wrapper
 * changes (hidden capabilities, injected faults, metrics), in the habit of Guava's forwarding
 * collections. {@link #close()} forwards too; override it for a wrapper that must not close
 * the backend it wraps.
 */
public abstract class ForwardingStateBackend implements StateBackend {
    private final StateBackend delegate;

    /** @param delegate the backend every call goes to */
    protected ForwardingStateBackend(StateBackend delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** @return the backend every call goes to */
    protected final StateBackend delegate() {
        return delegate;
    }

    @Override
    public Capabilities capabilities() {
        return delegate.capabilities();
    }

    @Override
    public Optional<StoredState> get(StateId id) {
        return delegate.get(id);
    }

    @Override
    public Map<StateId, StoredState> getAll(Collection<StateId> ids) {
        return delegate.getAll(ids);
    }

    @Override
    public StoredState getOrCreate(StateId id, JsonNode initial, StateMeta meta) {
        return delegate.getOrCreate(id, initial, meta);
    }

    @Override
    public StoredState put(StateId id, JsonNode value, StateMeta meta) {
        return delegate.put(id, value, meta);
    }

    @Override
    public List<StoredState> putAll(List<Write> writes) {
        return delegate.putAll(writes);
    }

    @Override
    public Optional<StoredState> putIfVersion(StateId id, long expectedVersion, JsonNode value,
                                              StateMeta meta) {
        return delegate.putIfVersion(id, expectedVersion, value, meta);
    }

    @Override
    public Optional<StoredState> apply(StateId id, AtomicOp op, JsonNode initial, StateMeta meta) {
        return delegate.apply(id, op, initial, meta);
    }

    @Override
    public boolean delete(StateId id) {
        return delegate.delete(id);
    }

    @Override
    public boolean touch(StateId id) {
        return delegate.touch(id);
    }

    @Override
    public long touchScope(Scope scope) {
        return delegate.touchScope(scope);
    }

    @Override
    public Page<StoredState> states(ScopeFilter filter, String cursor, int limit) {
        return delegate.states(filter, cursor, limit);
    }

    @Override
    public Page<Scope> scopes(ScopeFilter filter, String cursor, int limit) {
        return delegate.scopes(filter, cursor, limit);
    }

    @Override
    public long purgeLabels(Set<String> labels) {
        return delegate.purgeLabels(labels);
    }

    @Override
    public long dropScope(ScopeFilter filter) {
        return delegate.dropScope(filter);
    }

    @Override
    public void ping() {
        delegate.ping();
    }

    @Override
    public Subscription subscribe(ScopeFilter filter, ChangeFeedListener listener) {
        return delegate.subscribe(filter, listener);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
