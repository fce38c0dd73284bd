package dev.scopedstore;

import java.util.Objects;
import java.util.Optional;

/**
 * The ids that placeholders resolve to for one call: the connecting client, the containing
 * component and the authenticated user. Immutable; each {@code with…} method returns a copy.
 * A store opened without a context has {@link #empty()}, so a scope naming a placeholder
 * raises {@link MissingScopeContextException} until the application gives one through
 * {@link Store#with(ScopeContext)}.
 */
public final class ScopeContext {
    private static final ScopeContext EMPTY = new ScopeContext(null, null, null);

    private final String clientId;
    private final String componentKey;
    private final String userId;

    private ScopeContext(String clientId, String componentKey, String userId) {
        this.clientId = clientId;
        this.componentKey = componentKey;
        this.userId = userId;
    }

    /** @return a context that resolves no placeholder */
    public static ScopeContext empty() {
        return EMPTY;
    }

    /**
     * @param clientId the connecting client's id: any non-empty text without control characters
     * @return a copy that resolves {@link Scopes#CLIENT} to {@code clientId}
     */
    public ScopeContext withClient(String clientId) {
        return new ScopeContext(Names.requireText("client id", clientId), componentKey, userId);
    }

    /**
     * @param componentKey the containing component's unique key
     * @return a copy that resolves {@link Scopes#COMPONENT} to {@code componentKey}
     */
    public ScopeContext withComponent(String componentKey) {
        return new ScopeContext(clientId, Names.requireText("component key", componentKey), userId);
    }

    /**
     * @param userId the authenticated user's id
     * @return a copy that resolves {@link Scopes#USER} to {@code userId}
     */
    public ScopeContext withUser(String userId) {
        return new ScopeContext(clientId, componentKey, Names.requireText("user id", userId));
    }

    /** @return the client id {@link Scopes#CLIENT} resolves to, if any */
    public Optional<String> clientId() {
        return Optional.ofNullable(clientId);
    }

    /** @return the component key {@link Scopes#COMPONENT} resolves to, if any */
    public Optional<String> componentKey() {
        return Optional.ofNullable(componentKey);
    }

    /** @return the user id {@link Scopes#USER} resolves to, if any */
    public Optional<String> userId() {
        return Optional.ofNullable(userId);
    }

    String idFor(ScopeKind placeholder, String scope) {
        String id;
        String missing;
        switch (placeholder) {
            case CLIENT:
                id = clientId;
                missing = "no client id";
                break;
            case COMPONENT:
                id = componentKey;
                missing = "no component key";
                break;
            case USER:
                id = userId;
                missing = "no authenticated user";
                break;
            default:
                throw new AssertionError(placeholder);
        }
        if (id == null) {
            throw new MissingScopeContextException("scope '" + scope + "' needs a " + placeholder
                    .name().toLowerCase(java.util.Locale.ROOT) + " id, but the scope context has "
                    + missing + "; open a view with store.with(ScopeContext)");
        }
        return id;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ScopeContext)) {
            return false;
        }
        ScopeContext other = (ScopeContext) o;
        return Objects.equals(clientId, other.clientId)
                && Objects.equals(componentKey, other.componentKey)
                && Objects.equals(userId, other.userId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clientId, componentKey, userId);
    }

    /** @return which ids are bound, showing the component key but never a client or user id */
    @Override
    public String toString() {
        return "ScopeContext{client=" + (clientId == null ? "none" : "bound")
                + ", component=" + componentKey + ", user=" + (userId == null ? "none" : "bound") + "}";
    }
}
