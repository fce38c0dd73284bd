package dev.scopedstore.cli;

import dev.scopedstore.memory.MemoryBackendProvider;
import dev.scopedstore.spi.BackendContext;
import dev.scopedstore.spi.Capabilities;
import dev.scopedstore.spi.StateBackend;
import dev.scopedstore.spi.StateBackendProvider;
import java.util.Map;
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
        return new FaultyBackends.Delegating(memory) {
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

    /** {@code tiny:NAME}: as {@code shared:}, storing values of at most 16 bytes. */
    public static final class Tiny implements StateBackendProvider {
        static final int MAX_VALUE_BYTES = 16;

        @Override
        public String scheme() {
            return "tiny";
        }

        @Override
        public StateBackend open(BackendContext context) {
            return new FaultyBackends.Delegating(shared(context)) {
                @Override
                public Capabilities capabilities() {
                    return new Capabilities(next.capabilities().features(), MAX_VALUE_BYTES);
                }
            };
        }
    }
}
