package dev.scopedstore.internal;

import dev.scopedstore.StateOptions;
import dev.scopedstore.StoreConfig;
import dev.scopedstore.Scope;
import dev.scopedstore.spi.Capabilities;
import dev.scopedstore.spi.StateBackend;
import dev.scopedstore.spi.StateMeta;
import dev.scopedstore.spi.DaemonThreads;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a store and all its views share: the backend, the codec, the listener executor and the
 * update locks. Closed once, by the store that opened it.
 */
final class StoreRuntime {
    private final StoreConfig config;
    private final StateBackend backend;
    private final boolean ownsBackend;
    private final Capabilities capabilities;
    private final ValueCodec codec;
    private final ExecutorService ownExecutor;
    private final DeliveryLoop deliveries;
    private final StripedLocks updateLocks = new StripedLocks(256);
    private final AtomicBoolean closed = new AtomicBoolean();

    StoreRuntime(StoreConfig config, StateBackend backend, boolean ownsBackend) {
        this.config = config;
        this.backend = backend;
        this.ownsBackend = ownsBackend;
        this.capabilities = backend.capabilities();
        this.codec = new ValueCodec(config.mapper(), capabilities.maxValueBytes());
        Executor listenerExecutor;
        if (config.listenerExecutor() != null) {
            this.ownExecutor = null;
            listenerExecutor = config.listenerExecutor();
        } else {
            this.ownExecutor = Executors.newCachedThreadPool(DaemonThreads.numbered("scoped-store-listener"));
            listenerExecutor = ownExecutor;
        }
        this.deliveries = new DeliveryLoop(listenerExecutor,
                Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    StoreConfig config() {
        return config;
    }

    StateBackend backend() {
        return backend;
    }

    Capabilities capabilities() {
        return capabilities;
    }

    ValueCodec codec() {
        return codec;
    }

    /** @return where subscriptions' changes are delivered, on the listener executor */
    DeliveryLoop deliveries() {
        return deliveries;
    }

    StripedLocks updateLocks() {
        return updateLocks;
    }

    /** @throws IllegalStateException once the store is closed */
    void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the store is closed");
        }
    }

    /** The labels and time-to-live a write of these options carries. */
    StateMeta metaFor(StateOptions options, Scope scope) {
        Duration ttl = options.ttl();
        if (ttl == null) {
            ttl = config.defaultTtls().getOrDefault(scope.kind(), Duration.ZERO);
        }
        return new StateMeta(options.labels(), ttl.toMillis());
    }

    void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                if (ownsBackend) {
                    backend.close();
                }
            } finally {
                deliveries.close();
                if (ownExecutor != null) {
                    ownExecutor.shutdown();
                }
            }
        }
    }
}
