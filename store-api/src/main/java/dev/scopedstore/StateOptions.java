package dev.scopedstore;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How to find, and if absent create, one state: its key, its scope (as the application writes
 * it, with placeholders), an optional atomic equation, labels and an idle time-to-live.
 * Immutable; every method returns a copy. The key is checked at once; the scope is checked when
 * it is resolved, before any I/O.
 *
 * <pre>{@code
 * StateOptions.key("votes").scope("poll.42").atomic("votes = ans + x")
 * StateOptions.key("draft").scope("chat." + Scopes.CLIENT).ttl(Duration.ofMinutes(10))
 * }</pre>
 */
public final class StateOptions {
    private final String key;
    private final String scope;
    private final Object atomic;
    private final Set<String> labels;
    private final Duration ttl;
    private final boolean createOnFirstWrite;

    private StateOptions(String key, String scope, Object atomic, Set<String> labels, Duration ttl,
                         boolean createOnFirstWrite) {
        this.key = key;
        this.scope = scope;
        this.atomic = atomic;
        this.labels = labels;
        this.ttl = ttl;
        this.createOnFirstWrite = createOnFirstWrite;
    }

    /**
     * Starts options for a key, in the default scope {@link Scopes#COMPONENT}.
     *
     * @param key non-empty, at most 1,024 UTF-8 bytes, no control characters
     * @return options for that key
     * @throws NullPointerException if {@code key} is {@code null}
     * @throws IllegalArgumentException if the key breaks the limits
     */
    public static StateOptions key(String key) {
        Names.requireWithinLimit("key", Names.requireText("key", key));
        return new StateOptions(key, Scopes.COMPONENT, null, Set.of(), null, false);
    }

    /**
     * @param scope dot-separated segments, literal or placeholders ({@link Scopes})
     * @return a copy in that scope
     * @throws NullPointerException if {@code scope} is {@code null}
     */
    public StateOptions scope(String scope) {
        return new StateOptions(key, Objects.requireNonNull(scope, "scope"), atomic, labels, ttl, createOnFirstWrite);
    }

    /**
     * Declares an atomic equation {@code name = ans ⊕ x} or {@code name = x ⊕ ans}, with
     * {@code ⊕} one of {@code + - *}; it is parsed and checked by {@code createState}.
     *
     * @param equation the equation, e.g. {@code "votes = ans + x"}
     * @return a copy with that equation
     */
    public StateOptions atomic(String equation) {
        return new StateOptions(key, scope, Objects.requireNonNull(equation, "equation"), labels, ttl, createOnFirstWrite);
    }

    /**
     * @param shorthand one of the shorthand equations
     * @return a copy with that equation
     */
    public StateOptions atomic(Atomic shorthand) {
        return new StateOptions(key, scope, Objects.requireNonNull(shorthand, "shorthand"), labels, ttl, createOnFirstWrite);
    }

    /**
     * Labels group states across scopes, for {@link Store#purgeLabels(String...)}; they are set
     * when the state is created and kept while it lives.
     *
     * @param labels non-empty texts without control characters
     * @return a copy with exactly these labels
     */
    public StateOptions labels(String... labels) {
        Set<String> checked = new LinkedHashSet<>();
        for (String label : Objects.requireNonNull(labels, "labels")) {
            checked.add(Names.requireWithinLimit("label", Names.requireText("label", label)));
        }
        return new StateOptions(key, scope, atomic, Set.copyOf(checked), ttl, createOnFirstWrite);
    }

    /**
     * An idle timeout: the state expires this long after its last write or touch. Without one,
     * the store's default for the scope's {@link ScopeKind} applies.
     *
     * @param ttl a positive duration, or {@link Duration#ZERO} for "never expires"
     * @return a copy with that time-to-live
     * @throws IllegalArgumentException if {@code ttl} is negative
     */
    public StateOptions ttl(Duration ttl) {
        if (Objects.requireNonNull(ttl, "ttl").isNegative()) {
            throw new IllegalArgumentException("ttl is negative: " + ttl);
        }
        return new StateOptions(key, scope, atomic, labels, ttl, createOnFirstWrite);
    }

    /**
     * {@code createState} returns the handle without writing (it reads: a state that exists keeps
     * its value, labels and equation's {@code ans}); reads see the default until the first write
     * creates the state. An {@code accumulate} on an atomic state then creates it
     * with {@code default ⊕ x} in one write and one change event where the backend applies the
     * operation natively (else its compare-and-set creates, then writes). For a caller that writes
     * once, as the command-line tool's {@code add} does.
     *
     * @return a copy that creates the state on its first write
     */
    public StateOptions createOnFirstWrite() {
        return new StateOptions(key, scope, atomic, labels, ttl, true);
    }

    /** @return whether {@code createState} leaves the state to its first write ({@link #createOnFirstWrite()}) */
    public boolean createsOnFirstWrite() {
        return createOnFirstWrite;
    }

    /** @return the key */
    public String key() {
        return key;
    }

    /** @return the scope as the application wrote it */
    public String scope() {
        return scope;
    }

    /** @return whether the state declares an atomic equation (a shorthand or a text) */
    public boolean isAtomic() {
        return atomic != null;
    }

    /** @return the equation's shorthand, if it was given as one ({@link #atomic(Atomic)}) */
    public Optional<Atomic> shorthand() {
        return atomic instanceof Atomic a ? Optional.of(a) : Optional.empty();
    }

    /** @return the equation's text, if it was given as one ({@link #atomic(String)}) */
    public Optional<String> equation() {
        return atomic instanceof String text ? Optional.of(text) : Optional.empty();
    }

    /** @return the labels, possibly empty */
    public Set<String> labels() {
        return labels;
    }

    /** @return the time-to-live, or {@code null} for the store's default */
    public Duration ttl() {
        return ttl;
    }

    @Override
    public String toString() {
        return "StateOptions{key=" + Names.printable(key) + ", scope=" + Names.printable(scope)
                + (atomic == null ? "" : ", atomic=" + atomic)
                + (labels.isEmpty() ? "" : ", labels=" + Arrays.toString(labels.toArray()))
                + (ttl == null ? "" : ", ttl=" + ttl)
                + (createOnFirstWrite ? ", createOnFirstWrite" : "") + "}";
    }
}
