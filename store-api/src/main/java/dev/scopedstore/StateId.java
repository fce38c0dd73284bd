package dev.scopedstore;

import java.util.Objects;

/**
 * The identity of one state: a resolved {@link Scope} and a key. Two states are the same state
 * exactly when their canonical scopes and keys are equal; no other pair encodes to the same id.
 * Immutable.
 *
 * @param scope the resolved scope
 * @param key the key within the scope: non-empty, at most 1,024 UTF-8 bytes, no control
 *     characters
 */
public record StateId(Scope scope, String key) implements Comparable<StateId> {

    /**
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if the key breaks the limits
     */
    public StateId {
        Objects.requireNonNull(scope, "scope");
        Names.requireWithinLimit("key", Names.requireText("key", key));
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

    @Override
    public int compareTo(StateId other) {
        int byScope = scope.compareTo(other.scope);
        return byScope != 0 ? byScope : key.compareTo(other.key);
    }

    /** @return {@code scope=<canonical scope> key=<key>}, for messages */
    @Override
    public String toString() {
        return "scope=" + scope.canonical() + " key=" + Names.printable(key);
    }
}
