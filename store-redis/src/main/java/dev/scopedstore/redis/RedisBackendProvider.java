package dev.scopedstore.redis;

import dev.scopedstore.spi.BackendContext;
import dev.scopedstore.spi.StateBackend;
import dev.scopedstore.spi.StateBackendProvider;

/**
 * Serves {@code redis://[user:pass@]host:port[/db]}. Options: {@code keyPrefix}, {@code connectTimeout}. Not on any hot path.
 */
public final class RedisBackendProvider implements StateBackendProvider {
    /** Found by {@link java.util.ServiceLoader}; does nothing until {@link #open}. */
    public RedisBackendProvider() {
    }

    @Override
    public String scheme() {
        return "redis";
    }

    @Override
    public StateBackend open(BackendContext context) {
        return RedisConfig.open(context, false);
    }
}
