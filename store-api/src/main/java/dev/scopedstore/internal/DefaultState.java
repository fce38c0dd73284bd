package dev.scopedstore.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.scopedstore.Scope;
import dev.scopedstore.State;
import dev.scopedstore.StateChange;
import dev.scopedstore.StateConflictException;
import dev.scopedstore.StateId;
import dev.scopedstore.StateListener;
import dev.scopedstore.Subscription;
import dev.scopedstore.spi.AtomicOp;
import dev.scopedstore.spi.Capability;
import dev.scopedstore.spi.ScopeFilter;
import dev.scopedstore.spi.StateBackend;
import dev.scopedstore.spi.StateMeta;
import dev.scopedstore.spi.StoredState;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * A handle on one state. Reads go to the backend every time (a memory read is a map lookup);
 * decoded immutable values are reused while the stored tree is the same object.
 */
final class DefaultState<T> implements State<T> {
    private final StoreRuntime runtime;
    private final StateBackend backend;
    private final StateId id;
    private final JavaType type;
    private final boolean immutable;
    /** Whether decoded values are worth caching: immutable, and not decoded directly anyway. */
    private final boolean cacheDecoded;
    private final T defaultValue;
    private final JsonNode defaultNode;
    private final StateMeta meta;
    private final Set<String> labels;
    private final Equation equation;
    /** Whether the backend applies the equation's operation natively (else compare-and-set). */
    private final boolean nativeOperation;
    /** Per thread: the value it last read or wrote through this handle ({@code ans}). */
    private final ThreadLocal<JsonNode> ans;
    /** Racy on purpose: a {@link Decoded} is immutable, and a miss only costs a decode. */
    private Decoded<T> lastDecoded;

    /**
     * @param id the state's id
     * @param labels its labels
     * @param current its value as the handle is made, the first {@code ans} of every thread
     */
    DefaultState(StoreRuntime runtime, StateId id, Set<String> labels, JsonNode current, JavaType type,
                 T defaultValue, JsonNode defaultNode, StateMeta meta, Equation equation) {
        this.runtime = runtime;
        this.backend = runtime.backend();
        this.id = id;
        this.labels = labels;
        this.type = type;
        this.immutable = ValueCodec.isImmutable(type);
        this.cacheDecoded = immutable && !ValueCodec.decodesDirectly(type);
        this.defaultValue = defaultValue;
        this.defaultNode = defaultNode;
        this.meta = meta;
        this.equation = equation;
        this.nativeOperation = equation != null
                && runtime.capabilities().has(Capability.nativeFor(equation.kind()));
        this.ans = equation == null ? null : ThreadLocal.withInitial(() -> current);
    }

    @Override
    public T get() {
        runtime.ensureOpen();
        Optional<StoredState> stored = backend.get(id);
        if (stored.isEmpty()) {
            remember(defaultNode);
            return defaultValue == null || immutable ? defaultValue : decode(defaultNode);
        }
        JsonNode node = stored.get().value();
        remember(node);
        return decodeRead(node);
    }

    @Override
    public void set(T value) {
        runtime.ensureOpen();
        JsonNode node = runtime.codec().encode(value);
        if (equation == null) {
            backend.put(id, node, meta);
            return;
        }
        apply(equation.solve(ans.get(), node));
        ans.set(node);
    }

    @Override
    public T accumulate(T x) {
        runtime.ensureOpen();
        if (equation == null) {
            throw new IllegalStateException("state " + id + " declares no atomic equation");
        }
        JsonNode operand = equation.operandFor(runtime.codec().encode(Objects.requireNonNull(x, "x")));
        JsonNode result = apply(operand).value();
        ans.set(result);
        return decode(result);
    }

    @Override
    public T update(UnaryOperator<T> fn) {
        runtime.ensureOpen();
        Objects.requireNonNull(fn, "fn");
        StoredState written = compareAndSet(current -> runtime.codec().encode(fn.apply(decode(current))));
        return decode(written.value());
    }

    @Override
    public boolean setIfVersion(long expectedVersion, T value) {
        runtime.ensureOpen();
        JsonNode node = runtime.codec().encode(value);
        boolean written = backend.putIfVersion(id, expectedVersion, node, meta).isPresent();
        if (written) {
            remember(node);
        }
        return written;
    }

    @Override
    public void delete() {
        runtime.ensureOpen();
        backend.delete(id);
    }

    @Override
    public long version() {
        runtime.ensureOpen();
        return backend.get(id).map(StoredState::version).orElse(0L);
    }

    @Override
    public void touch() {
        runtime.ensureOpen();
        backend.touch(id);
    }

    @Override
    public Subscription subscribe(StateListener<T> listener) {
        runtime.ensureOpen();
        Objects.requireNonNull(listener, "listener");
        ScopeFilter ofItsScope = new ScopeFilter(id.scope(), false);
        return CoalescingDispatcher.open(runtime.deliveries(),
                change -> listener.onChange(new StateChange<>(change.id(),
                        change.deleted() ? null : decode(change.value()), change.version(),
                        change.deleted())),
                feed -> backend.subscribe(ofItsScope, change -> {
                    if (change.id().equals(id)) {
                        feed.onChange(change);
                    }
                }));
    }

    @Override
    public Scope scope() {
        return id.scope();
    }

    @Override
    public String key() {
        return id.key();
    }

    @Override
    public Set<String> labels() {
        return labels;
    }

    @Override
    public StateId id() {
        return id;
    }

    @Override
    public String toString() {
        return "State{" + id + (equation == null ? "" : ", atomic=" + equation) + "}";
    }

    boolean isAtomic() {
        return equation != null;
    }

    boolean belongsTo(StoreRuntime other) {
        return runtime == other;
    }

    StateMeta meta() {
        return meta;
    }

    T defaultValue() {
        return defaultValue;
    }

    /**
     * Decodes a tree that a read returned, reusing the last immutable value decoded from the
     * same stored tree: repeated reads of an unchanged state decode once.
     */
    T decodeRead(JsonNode node) {
        if (!cacheDecoded) {
            return decode(node);
        }
        Decoded<T> last = lastDecoded;
        if (last != null && last.node == node) {
            return last.value;
        }
        T value = decode(node);
        lastDecoded = new Decoded<>(node, value);
        return value;
    }

    /** Decodes a tree into a fresh value of the state's type. */
    T decode(JsonNode node) {
        return runtime.codec().decode(id, node, type);
    }

    /** Notes a value this thread has seen, for the equation's {@code ans}. */
    void remember(JsonNode node) {
        if (ans != null) {
            ans.set(node);
        }
    }

    private StoredState apply(JsonNode operand) {
        AtomicOp op = AtomicOp.of(equation.kind(), operand);
        if (nativeOperation) {
            Optional<StoredState> applied = backend.apply(id, op, defaultNode, meta);
            if (applied.isPresent()) {
                return applied.get();
            }
        }
        return compareAndSet(op::applyTo);
    }

    /**
     * Read, change, write-if-version until the write wins: queued behind this process's other
     * writers of the state, racing only other processes, with jittered back-off.
     */
    private StoredState compareAndSet(UnaryOperator<JsonNode> change) {
        ReentrantLock lock = runtime.updateLocks().lockFor(id);
        lock.lock();
        try {
            Backoff backoff = new Backoff(runtime.config().updateTimeout());
            while (true) {
                StoredState current = backend.getOrCreate(id, defaultNode, meta);
                JsonNode next = change.apply(current.value());
                Optional<StoredState> written = backend.putIfVersion(id, current.version(), next, meta);
                if (written.isPresent()) {
                    remember(next);
                    return written.get();
                }
                if (!backoff.pause()) {
                    throw new StateConflictException(Thread.currentThread().isInterrupted()
                            ? "update of " + id + " interrupted; nothing was written"
                            : "update of " + id + " lost to other writers for "
                                    + runtime.config().updateTimeout() + "; nothing was written");
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private record Decoded<T>(JsonNode node, T value) {
    }
}
