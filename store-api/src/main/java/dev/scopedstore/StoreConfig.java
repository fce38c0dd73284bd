package dev.scopedstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scopedstore.spi.StateBackend;
import dev.scopedstore.spi.Urls;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Everything a store is opened with; built by {@link StoreBuilder}. Immutable. Its
 * {@link #toString()} never shows a password.
 *
 * @param url the store URL, or {@code null} when {@link #backend()} is given
 * @param backend a backend the application constructed, or {@code null}; never closed by the
 *     store
 * @param properties backend options; they override the URL's query parameters
 * @param mapper the one mapper that turns values into JSON trees and back
 * @param clock the time expiry follows
 * @param operationTimeout how long a backend operation may take
 * @param updateTimeout how long {@link State#update} retries before
 *     {@link StateConflictException}
 * @param listenerExecutor where listeners run, or {@code null} for the store's own daemon
 *     threads; an executor given here is never shut down by the store
 * @param defaultTtls the time-to-live of states that declare none, per scope kind; a kind
 *     absent from the map never expires
 * @param context the context of the store itself (views get their own)
 * @param pageSize how many items a listing fetches per round trip
 */
public record StoreConfig(String url, StateBackend backend, Map<String, String> properties,
                          ObjectMapper mapper, Clock clock, Duration operationTimeout,
                          Duration updateTimeout, Executor listenerExecutor,
                          Map<ScopeKind, Duration> defaultTtls, ScopeContext context,
                          int pageSize) {

    /** Copies the maps. */
    public StoreConfig {
        properties = Map.copyOf(properties);
        defaultTtls = defaultTtls.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(defaultTtls));
    }

    /** @return a builder */
    public static StoreBuilder builder() {
        return new StoreBuilder();
    }

    /** @return the settings without the URL's user info or the property values */
    @Override
    public String toString() {
        return "StoreConfig{url=" + Urls.redact(url)
                + ", backend=" + (backend == null ? null : backend.getClass().getSimpleName())
                + ", properties=" + properties.keySet() + ", clock=" + clock
                + ", operationTimeout=" + operationTimeout + ", updateTimeout=" + updateTimeout
                + ", defaultTtls=" + defaultTtls + ", context=" + context
                + ", pageSize=" + pageSize + "}";
    }
}
