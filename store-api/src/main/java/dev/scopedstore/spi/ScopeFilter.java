package dev.scopedstore.spi;

import dev.scopedstore.Scope;

/**
 * A resolved scope query as a backend sees it: one scope, a scope and everything nested under
 * it, or everything ({@code scope == null}).
 *
 * @param scope the scope, or {@code null} for every scope
 * @param nested whether nested scopes are covered
 */
public record ScopeFilter(Scope scope, boolean nested) {
    /** Every scope. */
    public static final ScopeFilter ALL = new ScopeFilter(null, true);

    /** Checks that "every scope" is nested. */
    public ScopeFilter {
        if (scope == null && !nested) {
            throw new IllegalArgumentException("a filter without a scope covers every scope");
        }
    }

    /**
     * @param candidate a scope
     * @return whether the filter covers it
     */
    public boolean matches(Scope candidate) {
        if (scope == null) {
            return true;
        }
        return nested ? scope.contains(candidate) : scope.equals(candidate);
    }
}
