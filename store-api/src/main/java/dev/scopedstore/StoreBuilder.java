package dev.scopedstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scopedstore.internal.Mappers;
import dev.scopedstore.spi.StateBackend;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Builds a {@link StoreConfig} or opens a {@link Store} directly. Not thread-safe; every
 * setting has a default:
 * URL from {@code scopedstore.url}, {@code SCOPEDSTORE_URL}, else {@code memory:};
 * a mapper that ignores unknown properties and reads decimals as {@code BigDecimal};
 * the system UTC clock; operation timeout 5 s; update timeout 10 s; no default time-to-live;
 * the empty context; pages of 500.
 *
 * <pre>{@code
 * Store store = Store.builder().backend(new PostgresBackend(dataSource)).build();
 * Store store = Store.builder().url("redis://localhost:6379").clock(testClock).build();
 * }</pre>
 */
public final class StoreBuilder {
    private String url;
    private StateBackend backend;
    private final Map<String, String> properties = new HashMap<>();
    private ObjectMapper mapper;
    private Clock clock = Clock.systemUTC();
    private Duration operationTimeout = Duration.ofSeconds(5);
    private Duration updateTimeout = Duration.ofSeconds(10);
    private Executor listenerExecutor;
    private final Map<ScopeKind, Duration> defaultTtls = new EnumMap<>(ScopeKind.class);
    private ScopeContext context = ScopeContext.empty();
    private int pageSize = 500;

    StoreBuilder() {
    }

    /**
     * @param url the store URL; its scheme picks the backend
     * @return this builder
     */
    public StoreBuilder url(String url) {
        this.url = Objects.requireNonNull(url, "url");
        return this;
    }

    /**
     * @param backend a backend the application constructed; it is not closed with the store
     * @return this builder
     */
    public StoreBuilder backend(StateBackend backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
        return this;
    }

    /**
     * @param name a backend option, as in the URL's query
     * @param value its value; overrides the URL's
     * @return this builder
     */
    public StoreBuilder property(String name, String value) {
        properties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * @param mapper the one mapper for every value; the store does not change it
     * @return this builder
     */
    public StoreBuilder mapper(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        return this;
    }

    /**
     * @param clock the time expiry follows; tests move it
     * @return this builder
     */
    public StoreBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * @param timeout how long one backend operation may take
     * @return this builder
     */
    public StoreBuilder operationTimeout(Duration timeout) {
        this.operationTimeout = positive("operationTimeout", timeout);
        return this;
    }

    /**
     * @param timeout how long {@link State#update} retries
     * @return this builder
     */
    public StoreBuilder updateTimeout(Duration timeout) {
        this.updateTimeout = positive("updateTimeout", timeout);
        return this;
    }

    /**
     * @param executor where listeners run; never shut down by the store
     * @return this builder
     */
    public StoreBuilder listenerExecutor(Executor executor) {
        this.listenerExecutor = Objects.requireNonNull(executor, "executor");
        return this;
    }

    /**
     * @param kind a scope kind
     * @param ttl the idle time-to-live of its states that declare none; {@link Duration#ZERO}
     *     for never
     * @return this builder
     */
    public StoreBuilder defaultTtl(ScopeKind kind, Duration ttl) {
        Objects.requireNonNull(kind, "kind");
        if (Objects.requireNonNull(ttl, "ttl").isNegative()) {
            throw new IllegalArgumentException("ttl is negative: " + ttl);
        }
        defaultTtls.put(kind, ttl);
        return this;
    }

    /**
     * @param context resolves placeholders for the store itself
     * @return this builder
     */
    public StoreBuilder context(ScopeContext context) {
        this.context = Objects.requireNonNull(context, "context");
        return this;
    }

    /**
     * @param pageSize how many items a listing fetches per round trip, positive
     * @return this builder
     */
    public StoreBuilder pageSize(int pageSize) {
        if (pageSize <= 0) {
            throw new IllegalArgumentException("pageSize must be positive: " + pageSize);
        }
        this.pageSize = pageSize;
        return this;
    }

    /** @return the configuration */
    public StoreConfig config() {
        return new StoreConfig(url, backend, properties,
                mapper != null ? mapper : Mappers.defaultMapper(), clock, operationTimeout,
                updateTimeout, listenerExecutor, defaultTtls, context, pageSize);
    }

    /**
     * @return a new store
     * @throws StoreConfigurationException if no backend serves the URL
     */
    public Store build() {
        return Store.open(config());
    }

    private static Duration positive(String what, Duration d) {
        if (Objects.requireNonNull(d, what).isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + d);
        }
        return d;
    }
}
