package dev.scopedstore.redis;

import dev.scopedstore.spi.BackendContext;
import dev.scopedstore.spi.StateBackend;
import dev.scopedstore.spi.StateBackendProvider;

/**
 * Serves {@code redis-cluster://[user:pass@]host:port,host:port} (Redis Cluster;
 * {@code ?tls=true} for TLS). Options: {@code keyPrefix}, {@code connectTimeout}, and with TLS
 * {@code tlsCaCertFile} (PEM certificates to trust instead of the JDK's) and {@code tlsVerify}
 * ({@code full}, {@code ca} or {@code none}). Not on any hot path.
 */
public final class RedisClusterBackendProvider implements StateBackendProvider {
    /** Found by {@link java.util.ServiceLoader}; does nothing until {@link #open}. */
    public RedisClusterBackendProvider() {
    }

    @Override
    public String scheme() {
        return "redis-cluster";
    }

    @Override
    public StateBackend open(BackendContext context) {
        return RedisConfig.open(context, true);
    }
}
