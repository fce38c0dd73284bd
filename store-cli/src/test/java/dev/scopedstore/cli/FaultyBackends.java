package dev.scopedstore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scopedstore.BackendUnavailableException;
import dev.scopedstore.Scope;
import dev.scopedstore.StateId;
import dev.scopedstore.Subscription;
import dev.scopedstore.memory.MemoryBackendProvider;
import dev.scopedstore.spi.AtomicOp;
import dev.scopedstore.spi.BackendContext;
import dev.scopedstore.spi.Capabilities;
import dev.scopedstore.spi.ChangeFeedListener;
import dev.scopedstore.spi.Page;
import dev.scopedstore.spi.ScopeFilter;
import dev.scopedstore.spi.StateBackend;
import dev.scopedstore.spi.StateBackendProvider;
import dev.scopedstore.spi.StateMeta;
import dev.scopedstore.spi.StoredState;
import java.net.ConnectException;
import java.util.Optional;
import java.util.Set;

/**
 * Broken backends for the tests of the tool, registered for the test class path only in
 * {@code META-INF/services}: {@code lost-conflicts:} and {@code down:}.
 */
final class FaultyBackends {
    private FaultyBackends() {
    }

    /** {@code lost-conflicts:}: the memory backend, except that putIfVersion ignores the version. */
    public static final class LostConflicts implements StateBackendProvider {
        @Override
        public String scheme() {
            return "lost-conflicts";
        }

        @Override
        public StateBackend open(BackendContext context) {
            StateBackend memory = new MemoryBackendProvider().open(new BackendContext("memory:",
                    context.options(), context.clock(), context.operationTimeout(), context.mapper()));
            return new Delegating(memory) {
                @Override
                public Optional<StoredState> putIfVersion(StateId id, long expectedVersion,
                                                          JsonNode value, StateMeta meta) {
                    return Optional.of(put(id, value, meta));
                }
            };
        }
    }

    /** {@code down:}: never reachable. */
    public static final class Down implements StateBackendProvider {
        @Override
        public String scheme() {
            return "down";
        }

        @Override
        public StateBackend open(BackendContext context) {
            throw new BackendUnavailableException("down://db:1 refused the connection",
                    new ConnectException("Connection refused"));
        }
    }

    /** Forwards every call. */
    static class Delegating implements StateBackend {
        final StateBackend next;

        Delegating(StateBackend next) {
            this.next = next;
        }

        @Override
        public Capabilities capabilities() {
            return next.capabilities();
        }

        @Override
        public Optional<StoredState> get(StateId id) {
            return next.get(id);
        }

        @Override
        public StoredState getOrCreate(StateId id, JsonNode initial, StateMeta meta) {
            return next.getOrCreate(id, initial, meta);
        }

        @Override
        public StoredState put(StateId id, JsonNode value, StateMeta meta) {
            return next.put(id, value, meta);
        }

        @Override
        public Optional<StoredState> putIfVersion(StateId id, long expectedVersion, JsonNode value,
                                                  StateMeta meta) {
            return next.putIfVersion(id, expectedVersion, value, meta);
        }

        @Override
        public StoredState apply(StateId id, AtomicOp op, JsonNode initial, StateMeta meta) {
            return next.apply(id, op, initial, meta);
        }

        @Override
        public boolean delete(StateId id) {
            return next.delete(id);
        }

        @Override
        public boolean touch(StateId id) {
            return next.touch(id);
        }

        @Override
        public long touchScope(Scope scope) {
            return next.touchScope(scope);
        }

        @Override
        public Page<StoredState> states(ScopeFilter filter, String cursor, int limit) {
            return next.states(filter, cursor, limit);
        }

        @Override
        public Page<Scope> scopes(ScopeFilter filter, String cursor, int limit) {
            return next.scopes(filter, cursor, limit);
        }

        @Override
        public long purgeLabels(Set<String> labels) {
            return next.purgeLabels(labels);
        }

        @Override
        public long dropScope(ScopeFilter filter) {
            return next.dropScope(filter);
        }

        @Override
        public void ping() {
            next.ping();
        }

        @Override
        public Subscription subscribe(ScopeFilter filter, ChangeFeedListener listener) {
            return next.subscribe(filter, listener);
        }

        @Override
        public void close() {
            next.close();
        }
    }
}
