package dev.scopedstore.redis;

import dev.scopedstore.spi.BackendContext;
import dev.scopedstore.spi.StateBackend;
import dev.scopedstore.spi.StateBackendProvider;

/**
 * Serves {@code rediss://[user:pass@]host:port[/db]} (TLS). Options: {@code keyPrefix},
 * {@code connectTimeout}, {@code tlsCaCertFile} (PEM certificates to trust instead of the
 * JDK's) and {@code tlsVerify} ({@code full}, {@code ca} or {@code none}).
 * Not on any hot path.
 */
public final class RedisTlsBackendProvider implements StateBackendProvider {
    /** Found by {@link java.util.ServiceLoader}; does nothing until {@link #open}. */
    public RedisTlsBackendProvider() {
    }

    @Override
    public String scheme() {
        return "rediss";
    }

    @Override
    public StateBackend open(BackendContext context) {
        return RedisConfig.open(context, false);
    }
}
