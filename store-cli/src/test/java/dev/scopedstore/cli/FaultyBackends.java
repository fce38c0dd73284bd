package dev.scopedstore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scopedstore.BackendUnavailableException;
import dev.scopedstore.StateId;
import dev.scopedstore.memory.MemoryBackendProvider;
import dev.scopedstore.spi.BackendContext;
import dev.scopedstore.spi.ForwardingStateBackend;
import dev.scopedstore.spi.StateBackend;
import dev.scopedstore.spi.StateBackendProvider;
import dev.scopedstore.spi.StateMeta;
import dev.scopedstore.spi.StoredState;
import java.net.ConnectException;
import java.util.Optional;

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
            return new ForwardingStateBackend(memory) {
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
}
