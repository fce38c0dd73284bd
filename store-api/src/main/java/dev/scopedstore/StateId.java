package dev.scopedstore;

import java.util.Objects;

/**
 * The identity of one state: a resolved {@link Scope} and a key. Two states are the same state
 * exactly when their canonical scopes and keys are equal; no other pair encodes to the same id.
 * Immutable; the hash is computed once, since ids are map keys on every backend's hot path.
 */
public final class StateId implements Comparable<StateId> {
    private final Scope scope;
    private final String key;
    private final int hash;

    /**
     * @param scope the resolved scope
     * @param key the key within the scope: non-empty, at most 1,024 UTF-8 bytes, no control
     *     characters
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if the key breaks the limits
     */
    public StateId(Scope scope, String key) {
        this.scope = Objects.requireNonNull(scope, "scope");
        this.key = Names.requireWithinLimit("key", Names.requireText("key", key));
        this.hash = 31 * scope.hashCode() + key.hashCode();
    }

    /**
     * The administrative route: builds an id from a canonical scope as listings and exports
     * print it, for instance {@code chat.$client~c1}.
     *
     * @param canonicalScope the canonical scope
     * @param key the key
     * @return the id
     * @throws IllegalArgumentException if the scope is not canonical or a part breaks the limits
     */
    public static StateId parse(String canonicalScope, String key) {
        return new StateId(Scope.parse(canonicalScope), key);
    }

    /** @return the resolved scope */
    public Scope scope() {
        return scope;
    }

    /** @return the key */
    public String key() {
        return key;
    }

    @Override
    public int compareTo(StateId other) {
        int byScope = scope.compareTo(other.scope);
        return byScope != 0 ? byScope : key.compareTo(other.key);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof StateId other && hash == other.hash && key.equals(other.key)
                && scope.equals(other.scope);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /**
     * @return {@code scope=<scope> key=<key>}, for messages: the scope as {@link Scope#toString()}
     *     shows it, without client ids
     */
    @Override
    public String toString() {
        return "scope=" + scope + " key=" + Names.printable(key);
    }
}
