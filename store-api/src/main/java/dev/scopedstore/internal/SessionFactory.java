package dev.scopedstore.internal;

import dev.scopedstore.ScopeKind;
import dev.scopedstore.Store;
import dev.scopedstore.session.ClientSessions;
import dev.scopedstore.session.SessionSettings;
import java.time.Duration;
import java.util.Objects;

/** Opens {@link ClientSessions} on a store the facade made; called by their builder. */
public final class SessionFactory {
    /** The grace period when neither the settings nor the store's client time-to-live give one. */
    static final Duration DEFAULT_GRACE = Duration.ofMinutes(5);

    private SessionFactory() {
    }

    /**
     * @param store a store or view from {@link Store#open} or {@link Store#builder()}
     * @param settings the sessions' settings
     * @return the session manager
     * @throws IllegalArgumentException if the store is another implementation of {@link Store},
     *     or the registry scope is not a valid global scope
     */
    public static ClientSessions open(Store store, SessionSettings settings) {
        Objects.requireNonNull(settings, "settings");
        if (!(Objects.requireNonNull(store, "store") instanceof DefaultStore)) {
            throw new IllegalArgumentException("client sessions need a store opened by Store.open"
                    + " or Store.builder(), not a " + store.getClass().getName());
        }
        DefaultStore facade = (DefaultStore) store;
        facade.runtime().ensureOpen();
        Duration grace = settings.gracePeriod() != null ? settings.gracePeriod()
                : facade.runtime().config().defaultTtls().getOrDefault(ScopeKind.CLIENT, DEFAULT_GRACE);
        return new DefaultClientSessions(facade, settings, grace);
    }
}
