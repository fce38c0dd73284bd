package dev.scopedstore;

/**
 * A scope names a placeholder ({@code $client}, {@code $component}, {@code $user}) that the
 * current {@link ScopeContext} cannot resolve. The store never falls back to a shared value:
 * state of one client must never leak to another.
 */
public class MissingScopeContextException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** @param message the placeholder and the scope that needs it */
    public MissingScopeContextException(String message) {
        super(message);
    }
}
