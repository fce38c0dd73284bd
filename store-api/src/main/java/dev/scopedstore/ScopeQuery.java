package dev.scopedstore;

import java.util.Objects;

/**
 * Which scopes a listing, subscription or drop covers: one scope, or a scope and every scope
 * nested under it by dots ({@code poll} covers {@code poll.42} and {@code poll.42.a}, not
 * {@code pollster}). Application scopes (with placeholders) are resolved by the store's
 * context; canonical ones come from {@link #of(Scope, boolean)}. Immutable.
 */
public final class ScopeQuery {
    private final String scope;
    private final Scope resolved;
    private final boolean nested;

    private ScopeQuery(String scope, Scope resolved, boolean nested) {
        this.scope = scope;
        this.resolved = resolved;
        this.nested = nested;
    }

    /**
     * @param scope a scope as the application writes it
     * @return a query for exactly that scope
     */
    public static ScopeQuery scope(String scope) {
        return new ScopeQuery(Objects.requireNonNull(scope, "scope"), null, false);
    }

    /**
     * @param scope a scope as the application writes it
     * @return a query for that scope and all scopes nested under it
     */
    public static ScopeQuery nested(String scope) {
        return new ScopeQuery(Objects.requireNonNull(scope, "scope"), null, true);
    }

    /**
     * The administrative form, for scopes already resolved (from a listing or
     * {@link Scope#parse(String)}).
     *
     * @param scope a resolved scope
     * @param nested whether nested scopes are covered too
     * @return the query
     */
    public static ScopeQuery of(Scope scope, boolean nested) {
        return new ScopeQuery(null, Objects.requireNonNull(scope, "scope"), nested);
    }

    /** @return a query that covers every scope, as export and the command-line tool use */
    public static ScopeQuery all() {
        return new ScopeQuery(null, null, true);
    }

    /**
     * @param context resolves the placeholders of an application scope
     * @return the resolved scope, or {@code null} for {@link #all()}
     */
    public Scope resolve(ScopeContext context) {
        return scope == null ? resolved : Scope.resolve(scope, context);
    }

    /** @return whether nested scopes are covered */
    public boolean isNested() {
        return nested;
    }

    @Override
    public String toString() {
        Object what = scope != null ? scope : resolved != null ? resolved : "*";
        return "ScopeQuery{" + what + (nested ? " and nested" : "") + "}";
    }
}
