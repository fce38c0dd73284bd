package dev.scopedstore.testkit;

import dev.scopedstore.ScopeQuery;
import dev.scopedstore.Store;
import dev.scopedstore.StoreBuilder;
import dev.scopedstore.StoreConfig;
import dev.scopedstore.spi.StateBackend;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The conformance suite every backend runs: what docs/design.md promises, tested through the public
 * API only. A backend's test extends it and names its store:
 *
 * <pre>{@code
 * class RedisConformanceTest extends StoreConformanceKit {
 *     protected StoreBuilder storeBuilder(String namespace) {
 *         return Store.builder().url(RedisServer.url()).property("keyPrefix", namespace);
 *     }
 *     protected String scheme() { return "redis"; }
 * }
 * }</pre>
 *
 * <p>Each test class gets its own random namespace and each test its own random scope (and
 * labels), so the kit runs on shared servers; every test drops its scopes afterwards. Optional
 * behaviour is tested only where the backend declares the
 * {@link dev.scopedstore.spi.Capability capability} (otherwise skipped with a message saying
 * how to enable it); a capability declared but missing fails.
 *
 * <p>The kit opens its store in a {@code @BeforeEach}, which runs before any of the subclass's:
 * start a server (or skip when there is none) in a static {@code @BeforeAll}. A backend with
 * native atomic operations can run the kit a second time in a {@code @Nested} subclass whose
 * {@link #nativeOperations()} is {@code false}.
 */
public abstract class StoreConformanceKit {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<Class<?>, String> NAMESPACES = new ConcurrentHashMap<>();

    private final List<Opened> opened = new ArrayList<>();
    private final Set<String> freshNamespaces = new LinkedHashSet<>();
    private TestClock clock;
    private String scope;
    private Store store;

    /**
     * @param namespace where this store keeps its states: a table, key prefix or file, fresh
     *     per test class (and per test where a test needs a second namespace)
     * @return a builder on the backend, isolated in {@code namespace}; the kit adds its clock
     *     and settings, then builds
     */
    protected abstract StoreBuilder storeBuilder(String namespace);

    /** @return the URL scheme of the backend under test, e.g. {@code memory} */
    protected abstract String scheme();

    /** @return how many threads the concurrency tests run */
    protected int threads() {
        return 8;
    }

    /** @return how many writes each thread of a concurrency test makes */
    protected int opsPerThread() {
        return 1000;
    }

    /**
     * @return how many elements each thread appends in the array tests (each write re-reads
     *     the whole array, so these are fewer)
     */
    protected int appendsPerThread() {
        return Math.min(100, opsPerThread());
    }

    /**
     * @return {@code false} to run the kit with the backend's native atomic operations hidden
     *     ({@link WithoutNativeOperations}), through the facade's compare-and-set; a backend
     *     with native operations runs the kit both ways, which must give the same results
     */
    protected boolean nativeOperations() {
        return true;
    }

    /**
     * Removes a namespace that a test made with a fresh name (for a second store with other
     * settings, an import target, a durability check), after the test's scopes in it are
     * dropped and its stores closed. The default does nothing; a backend whose namespaces are
     * tables or schemas drops them here.
     *
     * @param namespace a namespace the kit chose for one test
     */
    protected void dropNamespace(String namespace) {
    }

    /**
     * @return how many random cases the fuzz group tries: 1,000 by default (a server backend);
     *     an in-process backend can afford 10,000
     */
    protected int fuzzCases() {
        return 1_000;
    }

    /**
     * @return the fuzz group's seed: the system property {@code scopedstore.fuzz.seed}, else a
     *     fixed one, so that a failure can be replayed; every failure prints it
     */
    protected long fuzzSeed() {
        return Long.getLong("scopedstore.fuzz.seed", 20261202L);
    }

    /** @return the longest a concurrency test may run */
    protected Duration concurrencyTimeout() {
        return Duration.ofMinutes(2);
    }

    /** @return the longest the kit waits for a change notification */
    protected Duration notificationTimeout() {
        return Duration.ofSeconds(10);
    }

    /** Opens the test's store, with a fresh clock and a fresh random scope. */
    @BeforeEach
    protected final void openKitStore() {
        clock = new TestClock();
        scope = "t" + randomHex(8);
        store = openStore(namespace(), UnaryOperator.identity());
    }

    /** Drops the test's scopes and closes every store the test opened. */
    @AfterEach
    protected final void closeKitStores() {
        boolean cleaned = false;
        for (int i = opened.size() - 1; i >= 0; i--) {
            Opened o = opened.get(i);
            boolean dropped = dropTestScopes(o.store);
            cleaned |= dropped && o.namespace.equals(namespace());
            o.store.close();
        }
        opened.clear();
        if (!cleaned) {
            try (Store cleaner = storeBuilder(namespace()).clock(clock).build()) {
                dropTestScopes(cleaner);
            }
        }
        for (String namespace : freshNamespaces) {
            dropNamespace(namespace);
        }
        freshNamespaces.clear();
    }

    @Nested
    @DisplayName("A state")
    class AState extends StateTck {
        AState() {
            super(StoreConformanceKit.this);
        }
    }

    @Nested
    @DisplayName("Versions")
    class Versions extends VersionTck {
        Versions() {
            super(StoreConformanceKit.this);
        }
    }

    @Nested
    @DisplayName("Scopes and isolation")
    class ScopesAndIsolation extends ScopeTck {
        ScopesAndIsolation() {
            super(StoreConformanceKit.this);
        }
    }

    @Nested
    @DisplayName("Bad input")
    class BadInput extends BadInputTck {
        BadInput() {
            super(StoreConformanceKit.this);
        }
    }

    @Nested
    @DisplayName("Hostile inputs")
    class HostileInputGroup extends FuzzTck {
        HostileInputGroup() {
            super(StoreConformanceKit.this);
        }
    }

    @Nested
    @DisplayName("Atomic equations")
    class AtomicEquations extends EquationTck {
        AtomicEquations() {
            super(StoreConformanceKit.this);
        }
    }

    @Nested
    @DisplayName("Concurrency")
    class Concurrency extends ConcurrencyTck {
        Concurrency() {
            super(StoreConformanceKit.this);
        }
    }

    @Nested
    @DisplayName("Exact numbers")
    class ExactNumbers extends ExactNumberTck {
        ExactNumbers() {
            super(StoreConformanceKit.this);
        }
    }

    @Nested
    @DisplayName("Expiry")
    class Expiry extends ExpiryTck {
        Expiry() {
            super(StoreConformanceKit.this);
        }
    }

    @Nested
    @DisplayName("Labels")
    class Labels extends LabelTck {
        Labels() {
            super(StoreConformanceKit.this);
        }
    }

    @Nested
    @DisplayName("Listing")
    class Listing extends ListingTck {
        Listing() {
            super(StoreConformanceKit.this);
        }
    }

    @Nested
    @DisplayName("Bulk")
    class Bulk extends BulkTck {
        Bulk() {
            super(StoreConformanceKit.this);
        }
    }

    @Nested
    @DisplayName("Notifications")
    class Notifications extends NotificationTck {
        Notifications() {
            super(StoreConformanceKit.this);
        }
    }

    @Nested
    @DisplayName("Client sessions")
    class ClientSessionGroup extends SessionTck {
        ClientSessionGroup() {
            super(StoreConformanceKit.this);
        }
    }

    @Nested
    @DisplayName("Export and import")
    class ExportAndImport extends ExportImportTck {
        ExportAndImport() {
            super(StoreConformanceKit.this);
        }
    }

    @Nested
    @DisplayName("Discovery")
    class Discovery extends DiscoveryTck {
        Discovery() {
            super(StoreConformanceKit.this);
        }
    }

    // ---- the fixture, for the groups -------------------------------------------------------

    /** @return this test class's namespace, chosen once per class */
    final String namespace() {
        return NAMESPACES.computeIfAbsent(getClass(), c -> "kit_" + randomHex(8));
    }

    /** @return a new random namespace for this test, handed to {@link #dropNamespace} after it */
    final String freshNamespace() {
        String namespace = "kit_" + randomHex(8);
        freshNamespaces.add(namespace);
        return namespace;
    }

    /** @return the test's store, in {@link #namespace()} */
    final Store store() {
        return store;
    }

    /** @return the test's random scope; every state a test makes lies in or under it */
    final String scope() {
        return scope;
    }

    /** @return the clock of every store the test opens */
    final TestClock clock() {
        return clock;
    }

    /**
     * Opens one more store, closed after the test.
     *
     * @param namespace where
     * @param settings the test's extra settings
     * @return the store
     */
    final Store openStore(String namespace, UnaryOperator<StoreBuilder> settings) {
        if (nativeOperations()) {
            Store s = settings.apply(storeBuilder(namespace).clock(clock)).build();
            opened.add(new Opened(s, namespace));
            return s;
        }
        StoreBuilder builder = storeBuilder(namespace).clock(clock);
        StoreConfig config = builder.config();
        Store owner = builder.build();
        opened.add(new Opened(owner, namespace));
        StoreBuilder wrapped = Store.builder()
                .backend(new WithoutNativeOperations(owner.unwrap(StateBackend.class)))
                .clock(clock).mapper(config.mapper()).context(config.context())
                .operationTimeout(config.operationTimeout()).updateTimeout(config.updateTimeout())
                .pageSize(config.pageSize());
        config.defaultTtls().forEach(wrapped::defaultTtl);
        if (config.listenerExecutor() != null) {
            wrapped.listenerExecutor(config.listenerExecutor());
        }
        Store s = settings.apply(wrapped).build();
        opened.add(new Opened(s, namespace));
        return s;
    }

    static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private boolean dropTestScopes(Store s) {
        try {
            s.dropScope(ScopeQuery.nested(scope));
            s.dropScope(ScopeQuery.nested(scope + ListingTck.SIBLING_SUFFIX));
            return true;
        } catch (IllegalStateException closedByTheTest) {
            return false;
        }
    }

    private record Opened(Store store, String namespace) {
    }
}
