package dev.scopedstore.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.scopedstore.Scope;
import dev.scopedstore.ScopeContext;
import dev.scopedstore.ScopeQuery;
import dev.scopedstore.State;
import dev.scopedstore.StateChange;
import dev.scopedstore.StateEntry;
import dev.scopedstore.StateId;
import dev.scopedstore.StateListener;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import dev.scopedstore.Subscription;
import dev.scopedstore.spi.ScopeFilter;
import dev.scopedstore.spi.StateBackend;
import dev.scopedstore.spi.StateMeta;
import dev.scopedstore.spi.StoredState;
import dev.scopedstore.spi.Write;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The facade over one backend: resolves scopes with its context, checks every argument before
 * any I/O, maps values and hands the backend trees. A view ({@link #with}) shares the runtime
 * and does not own it.
 */
final class DefaultStore implements Store {
    private final StoreRuntime runtime;
    private final StateBackend backend;
    private final ScopeContext context;
    private final boolean owner;
    private final ViewObserver observer;

    DefaultStore(StoreRuntime runtime, ScopeContext context) {
        this(runtime, context, true, ViewObserver.NONE);
    }

    private DefaultStore(StoreRuntime runtime, ScopeContext context, boolean owner,
                         ViewObserver observer) {
        this.runtime = runtime;
        this.backend = runtime.backend();
        this.context = context;
        this.owner = owner;
        this.observer = observer;
    }

    /** @return what this store and its views share */
    StoreRuntime runtime() {
        return runtime;
    }

    /**
     * @param context the view's context
     * @param observer told of the view's creations and subscriptions
     * @return a view that does not own the runtime
     */
    DefaultStore observedView(ScopeContext context, ViewObserver observer) {
        runtime.ensureOpen();
        return new DefaultStore(runtime, context, false, observer);
    }

    @Override
    public <T> State<T> createState(T defaultValue, StateOptions options) {
        Objects.requireNonNull(defaultValue, "defaultValue (use createState(type, null, options) for a null default)");
        return create(runtime.codec().typeOf(defaultValue), defaultValue, options);
    }

    @Override
    public <T> State<T> createState(TypeReference<T> type, T defaultValue, StateOptions options) {
        Objects.requireNonNull(type, "type");
        return create(runtime.codec().mapper().constructType(type), defaultValue, options);
    }

    @Override
    public <T> State<T> createState(Class<T> type, T defaultValue, StateOptions options) {
        Objects.requireNonNull(type, "type");
        return create(runtime.codec().typeOf(type), defaultValue, options);
    }

    private <T> State<T> create(JavaType type, T defaultValue, StateOptions options) {
        runtime.ensureOpen();
        StateId id = resolve(options);
        Equation equation = Equation.from(options);
        JsonNode defaultNode = defaultValue == null ? NullNode.getInstance()
                : runtime.codec().encode(defaultValue);
        if (equation != null) {
            equation.checkApplicable(defaultNode);
        }
        var meta = runtime.metaFor(options, id.scope());
        observer.creating(id.scope());
        StoredState created = options.createsOnFirstWrite()
                ? backend.get(id).orElse(null)   // a read, no write: ans and labels of a state that exists
                : backend.getOrCreate(id, defaultNode, meta);
        if (created == null) {
            return new DefaultState<>(runtime, id, meta.labels(), defaultNode, type, defaultValue, defaultNode, meta, equation);
        }
        // the handle keeps the stored id: a backend may share its instance, for identity lookups
        return new DefaultState<>(runtime, created.id(), created.labels(), created.value(), type, defaultValue,
                defaultNode, meta, equation);
    }

    @Override
    public boolean hasState(StateOptions options) {
        runtime.ensureOpen();
        return backend.get(resolve(options)).isPresent();
    }

    @Override
    public boolean deleteState(StateOptions options) {
        runtime.ensureOpen();
        return backend.delete(resolve(options));
    }

    @Override
    public <T> List<T> getAll(List<? extends State<? extends T>> states) {
        runtime.ensureOpen();
        List<DefaultState<? extends T>> handles = new ArrayList<>(states.size());
        Set<StateId> ids = new LinkedHashSet<>();
        for (State<? extends T> state : states) {
            DefaultState<? extends T> handle = handle(state);
            handles.add(handle);
            ids.add(handle.id());
        }
        Map<StateId, StoredState> found = backend.getAll(ids);
        List<T> values = new ArrayList<>(handles.size());
        for (DefaultState<? extends T> handle : handles) {
            StoredState stored = found.get(handle.id());
            if (stored == null) {
                values.add(handle.defaultValue());
            } else {
                handle.remember(stored.value());
                values.add(handle.decodeRead(stored.value()));
            }
        }
        return values;
    }

    @Override
    public <T> void setAll(Map<? extends State<T>, ? extends T> values) {
        runtime.ensureOpen();
        List<Write> writes = new ArrayList<>(values.size());
        List<Runnable> atomicSets = new ArrayList<>();
        values.forEach((state, value) -> {
            DefaultState<T> handle = handle(state);
            if (handle.isAtomic()) {
                atomicSets.add(() -> handle.set(value));
            } else {
                writes.add(new Write(handle.id(), runtime.codec().encode(value), handle.meta()));
            }
        });
        if (!writes.isEmpty()) {
            backend.putAll(writes);
        }
        atomicSets.forEach(Runnable::run);
    }

    @Override
    public Stream<StateEntry> states(ScopeQuery query) {
        runtime.ensureOpen();
        ScopeFilter filter = filter(query);
        int pageSize = runtime.config().pageSize();
        return PagedIterator.stream(cursor -> backend.states(filter, cursor, pageSize))
                .map(DefaultStore::entry);
    }

    @Override
    public Stream<Scope> scopes(ScopeQuery query) {
        runtime.ensureOpen();
        ScopeFilter filter = filter(query);
        int pageSize = runtime.config().pageSize();
        return PagedIterator.stream(cursor -> backend.scopes(filter, cursor, pageSize));
    }

    @Override
    public long purgeLabels(String... labels) {
        runtime.ensureOpen();
        if (Objects.requireNonNull(labels, "labels").length == 0) {
            throw new IllegalArgumentException("purgeLabels needs at least one label");
        }
        Set<String> set = StateOptions.key("purge").labels(labels).labels();
        return backend.purgeLabels(set);
    }

    @Override
    public long dropScope(ScopeQuery query) {
        runtime.ensureOpen();
        return backend.dropScope(filter(query));
    }

    @Override
    public long touch(String scope) {
        runtime.ensureOpen();
        return backend.touchScope(Scope.resolve(scope, context));
    }

    @Override
    public void ping() {
        runtime.ensureOpen();
        backend.ping();
    }

    @Override
    public Store with(ScopeContext context) {
        runtime.ensureOpen();
        Objects.requireNonNull(context, "context");
        return new DefaultStore(runtime, context, false, observer.forContext(context));
    }

    @Override
    public Subscription subscribe(ScopeQuery query, StateListener<JsonNode> listener) {
        runtime.ensureOpen();
        Objects.requireNonNull(listener, "listener");
        ScopeFilter filter = filter(query);
        return observer.subscribed(CoalescingDispatcher.open(runtime.deliveries(),
                change -> listener.onChange(new StateChange<>(change.id(), change.value(),
                        change.version(), change.deleted())),
                feed -> backend.subscribe(filter, feed)));
    }

    @Override
    public long export(OutputStream out) {
        runtime.ensureOpen();
        Objects.requireNonNull(out, "out");
        int pageSize = runtime.config().pageSize();
        try (Stream<StoredState> all = PagedIterator.stream(
                cursor -> backend.states(ScopeFilter.ALL, cursor, pageSize))) {
            return JsonLines.write(runtime.codec().mapper(), all, out);
        }
    }

    @Override
    public long importFrom(InputStream in) {
        runtime.ensureOpen();
        Objects.requireNonNull(in, "in");
        // every line is checked before any is written: a bad line imports nothing
        List<Write> writes = new ArrayList<>();
        JsonLines.read(runtime.codec().mapper(), in, state -> {
            runtime.codec().check(state.value());
            writes.add(new Write(state.id(), state.value(), new StateMeta(state.labels(), state.ttlMillis())));
        });
        if (!writes.isEmpty()) {
            backend.putAll(writes);
        }
        return writes.size();
    }

    @Override
    public ScopeContext context() {
        return context;
    }

    @Override
    public <U> U unwrap(Class<U> type) {
        if (type.isInstance(backend)) {
            return type.cast(backend);
        }
        throw new IllegalArgumentException("the backend is a " + backend.getClass().getName()
                + ", not a " + type.getName());
    }

    @Override
    public void close() {
        if (owner) {
            runtime.close();
        }
    }

    @Override
    public String toString() {
        return "Store{backend=" + backend.getClass().getSimpleName() + ", context=" + context + "}";
    }

    private StateId resolve(StateOptions options) {
        Objects.requireNonNull(options, "options");
        return new StateId(Scope.resolve(options.scope(), context), options.key());
    }

    private ScopeFilter filter(ScopeQuery query) {
        Scope scope = Objects.requireNonNull(query, "query").resolve(context);
        return scope == null ? ScopeFilter.ALL : new ScopeFilter(scope, query.isNested());
    }

    @SuppressWarnings("unchecked")
    private <T> DefaultState<T> handle(State<T> state) {
        if (!(Objects.requireNonNull(state, "state") instanceof DefaultState)
                || !((DefaultState<T>) state).belongsTo(runtime)) {
            throw new IllegalArgumentException(state + " is not a handle of this store");
        }
        return (DefaultState<T>) state;
    }

    private static StateEntry entry(StoredState s) {
        return new StateEntry(s.id(), s.value(), s.version(), s.labels(),
                s.expiresAt() == StoredState.NEVER ? null : Instant.ofEpochMilli(s.expiresAt()));
    }
}
