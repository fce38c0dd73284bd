package dev.scopedstore.internal;

import dev.scopedstore.Store;
import dev.scopedstore.StoreConfig;

/** Opens stores: finds the backend for a URL and builds the facade around it. */
public final class StoreFactory {
    private StoreFactory() {
    }

    /** @return {@code scopedstore.url}, else {@code SCOPEDSTORE_URL}, else {@code memory:} */
    public static String defaultUrl() {
        String url = System.getProperty("scopedstore.url");
        if (url == null || url.isBlank()) {
            url = System.getenv("SCOPEDSTORE_URL");
        }
        return url == null || url.isBlank() ? "memory:" : url;
    }

    public static Store open(String url) {
        throw new UnsupportedOperationException("TODO");
    }

    public static Store open(StoreConfig config) {
        throw new UnsupportedOperationException("TODO");
    }
}
