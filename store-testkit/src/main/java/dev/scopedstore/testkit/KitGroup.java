package dev.scopedstore.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.scopedstore.Scope;
import dev.scopedstore.ScopeContext;
import dev.scopedstore.ScopeQuery;
import dev.scopedstore.StateEntry;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import dev.scopedstore.StoreBuilder;
import dev.scopedstore.spi.Capabilities;
import dev.scopedstore.spi.Capability;
import dev.scopedstore.spi.StateBackend;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What every group of the kit uses: the test's store, scope and clock, and small helpers. */
abstract class KitGroup {
    private final StoreConformanceKit kit;

    KitGroup(StoreConformanceKit kit) {
        this.kit = kit;
    }

    final Store store() {
        return kit.store();
    }

    /** @return the test's random scope */
    final String scope() {
        return kit.scope();
    }

    final TestClock clock() {
        return kit.clock();
    }

    /** @return options for {@code key} in the test's scope */
    final StateOptions key(String key) {
        return StateOptions.key(key).scope(scope());
    }

    /** @return options for {@code key} in {@code scope() + "." + below} */
    final StateOptions key(String key, String below) {
        return StateOptions.key(key).scope(scope() + "." + below);
    }

    final Store client(String clientId) {
        return store().with(ScopeContext.empty().withClient(clientId));
    }

    /**
     * Opens a store with other settings, in a fresh namespace: a second store on the test's
     * own namespace is only possible where stores can share one (not with a locked file).
     */
    final Store openFreshStore(UnaryOperator<StoreBuilder> settings) {
        return kit.openStore(kit.freshNamespace(), settings);
    }

    final Store openStoreIn(String namespace) {
        return kit.openStore(namespace, UnaryOperator.identity());
    }

    final String freshNamespace() {
        return kit.freshNamespace();
    }

    final String namespace() {
        return kit.namespace();
    }

    final String scheme() {
        return kit.scheme();
    }

    final String randomHex() {
        return StoreConformanceKit.randomHex(4);
    }

    final Capabilities capabilities() {
        return store().unwrap(StateBackend.class).capabilities();
    }

    /** Skips the test unless the backend declares {@code capability}. */
    final void assumeCapability(Capability capability, String howToEnable) {
        assumeTrue(capabilities().has(capability), () -> "the backend does not declare "
                + capability + "; " + howToEnable);
    }

    final int threads() {
        return kit.threads();
    }

    final int opsPerThread() {
        return kit.opsPerThread();
    }

    final int appendsPerThread() {
        return kit.appendsPerThread();
    }

    /** @return whether the backend's native atomic operations are in use (see the kit) */
    final boolean nativeOperations() {
        return kit.nativeOperations();
    }

    final Duration concurrencyTimeout() {
        return kit.concurrencyTimeout();
    }

    final Duration notificationTimeout() {
        return kit.notificationTimeout();
    }

    /** @return every state the query lists, with the stream closed */
    static List<StateEntry> list(Store store, ScopeQuery query) {
        try (Stream<StateEntry> states = store.states(query)) {
            return states.collect(Collectors.toList());
        }
    }

    /** @return every scope the query lists, with the stream closed */
    static List<Scope> listScopes(Store store, ScopeQuery query) {
        try (Stream<Scope> scopes = store.scopes(query)) {
            return scopes.collect(Collectors.toList());
        }
    }
}
