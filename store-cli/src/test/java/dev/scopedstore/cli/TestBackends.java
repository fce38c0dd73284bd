package dev.scopedstore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scopedstore.StateId;
import dev.scopedstore.memory.MemoryBackendProvider;
import dev.scopedstore.spi.BackendContext;
import dev.scopedstore.spi.ForwardingStateBackend;
import dev.scopedstore.spi.Capabilities;
import dev.scopedstore.spi.StateBackend;
import dev.scopedstore.spi.StateBackendProvider;
import dev.scopedstore.spi.StateMeta;
import dev.scopedstore.spi.StoredState;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Backends for the tests of the tool, registered for the test class path only in
 * {@code META-INF/services}: {@code shared:NAME}, one memory backend per name shared by every
 * store opened on it (as a server is shared by processes), and {@code tiny:NAME}, the same
 * with values of at most {@value Tiny#MAX_VALUE_BYTES} bytes.
 */
final class TestBackends {
    private static final Map<String, StateBackend> SHARED = new ConcurrentHashMap<>();

    private TestBackends() {
    }

    private static StateBackend shared(BackendContext context) {
        StateBackend memory = SHARED.computeIfAbsent(context.url(), url -> new MemoryBackendProvider().open(
                new BackendContext("memory:", context.options(), context.clock(), context.operationTimeout(),
                        context.mapper())));
        return new ForwardingStateBackend(memory) {
            @Override
            public void close() {
                // the "server" outlives every store opened on it
            }
        };
    }

    /** {@code shared:NAME}: one memory backend per URL, never closed. */
    public static final class Shared implements StateBackendProvider {
        @Override
        public String scheme() {
            return "shared";
        }

        @Override
        public StateBackend open(BackendContext context) {
            return shared(context);
        }
    }

    /**
     * {@code conflicts:}: a memory backend on which every compare-and-set loses, as if other
     * writers always came first; no native operations, so equations use compare-and-set.
     */
    public static final class Conflicts implements StateBackendProvider {
        @Override
        public String scheme() {
            return "conflicts";
        }

        @Override
        public StateBackend open(BackendContext context) {
            StateBackend memory = new MemoryBackendProvider().open(new BackendContext("memory:",
                    context.options(), context.clock(), context.operationTimeout(), context.mapper()));
            return new ForwardingStateBackend(memory) {
                @Override
                public Capabilities capabilities() {
                    return Capabilities.of(delegate().capabilities().maxValueBytes());
                }

                @Override
                public Optional<StoredState> putIfVersion(StateId id, long expectedVersion, JsonNode value,
                                                          StateMeta meta) {
                    return Optional.empty();
                }
            };
        }
    }

    /** {@code tiny:NAME}: as {@code shared:}, storing values of at most 16 bytes. */
    public static final class Tiny implements StateBackendProvider {
        static final int MAX_VALUE_BYTES = 16;

        @Override
        public String scheme() {
            return "tiny";
        }

        @Override
        public StateBackend open(BackendContext context) {
            return new ForwardingStateBackend(shared(context)) {
                @Override
                public Capabilities capabilities() {
                    return new Capabilities(delegate().capabilities().features(), MAX_VALUE_BYTES);
                }
            };
        }
    }
}
