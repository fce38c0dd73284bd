package dev.scopedstore;

/**
 * The placeholder segments an application may use in a scope. Each is resolved from the
 * {@link ScopeContext} at call time and may stand anywhere in a path: {@code "chat." + CLIENT},
 * {@code USER + ".settings"}. A placeholder that the context cannot resolve raises
 * {@link MissingScopeContextException}.
 */
public final class Scopes {
    /** The connecting client's id. */
    public static final String CLIENT = "$client";
    /** The containing component's unique key; the scope of a state that names none. */
    public static final String COMPONENT = "$component";
    /** The authenticated user's id; refused when no user is authenticated. */
    public static final String USER = "$user";

    private Scopes() {
    }
}
