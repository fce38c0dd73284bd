package dev.scopedstore.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.protocol.RedisCommand;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The connections of one backend, the same shape for standalone and cluster: a data
 * connection (async, awaited by {@link #join} on the hot paths and for pipelined bulk; sync
 * for the rest) and a pub/sub connection
 * opened on first subscription. Closes the connections; closes the client only if owned.
 */
final class RedisConnections implements AutoCloseable {
    final RedisClusterCommands<String, String> sync;
    final RedisClusterAsyncCommands<String, String> async;
    final boolean cluster;
    private final long commandTimeoutNanos;
    private final StatefulConnection<String, String> data;
    private final Supplier<StatefulRedisPubSubConnection<String, String>> pubSubOpener;
    private final AbstractRedisClient ownedClient;

    private RedisConnections(StatefulConnection<String, String> data,
                             RedisClusterCommands<String, String> sync,
                             RedisClusterAsyncCommands<String, String> async, boolean cluster,
                             Supplier<StatefulRedisPubSubConnection<String, String>> pubSubOpener,
                             AbstractRedisClient ownedClient, Duration timeout) {
        this.data = data;
        this.sync = sync;
        this.async = async;
        this.cluster = cluster;
        this.pubSubOpener = pubSubOpener;
        this.ownedClient = ownedClient;
        this.commandTimeoutNanos = timeout.toNanos();
        data.setTimeout(timeout);
    }

    /**
     * Waits for a command sent through {@link #async} as {@link #sync} would (the same
     * timeout, the same exceptions, a command that timed out is cancelled), without the
     * reflective proxy Lettuce's sync API calls through: on the hot paths that proxy cost more
     * client time than the store's own work.
     *
     * @throws RedisCommandTimeoutException if no reply came within the connection's timeout
     * @throws RuntimeException the command's own failure, as the sync API throws it
     */
    <T> T join(CompletionStage<T> command) {
        return join(command, commandTimeoutNanos);
    }

    /**
     * As {@link #join(CompletionStage)}, waiting at most {@code wait} (never longer than the
     * connection's timeout): an attempt inside a retry loop gets only what is left of its budget.
     */
    <T> T join(CompletionStage<T> command, Duration wait) {
        return join(command, Math.min(commandTimeoutNanos, wait.toNanos()));
    }

    private <T> T join(CompletionStage<T> command, long waitNanos) {
        CompletableFuture<T> reply = command.toCompletableFuture();
        try {
            return reply.get(waitNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            reply.cancel(true);
            throw new RedisCommandTimeoutException("Command timed out after "
                    + Duration.ofNanos(waitNanos).toMillis() + " millisecond(s)");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new RedisException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisCommandInterruptedException(e);
        }
    }

    /** Sends one command, as the async API does; await it with {@link #join}. */
    <T> RedisCommand<String, String, T> dispatch(RedisCommand<String, String, T> command) {
        return data.dispatch(command);
    }

    /**
     * Sends many commands in one write to the connection, so that a pipeline of a thousand
     * costs one flush instead of a thousand; on a cluster each command still goes to the node
     * of its key.
     */
    void dispatchAll(List<? extends RedisCommand<String, String, ?>> commands) {
        data.dispatch(commands);
    }

    static RedisConnections standalone(RedisClient client, RedisURI uri, Duration timeout,
                                       boolean owned) {
        StatefulRedisConnection<String, String> c = client.connect(StringCodec.UTF8, uri);
        return new RedisConnections(c, c.sync(), c.async(), false,
                () -> withTimeout(client.connectPubSub(StringCodec.UTF8, uri), timeout),
                owned ? client : null, timeout);
    }

    static RedisConnections cluster(RedisClusterClient client, Duration timeout, boolean owned) {
        StatefulRedisClusterConnection<String, String> c = client.connect(StringCodec.UTF8);
        return new RedisConnections(c, c.sync(), c.async(), true,
                () -> withTimeout(client.connectPubSub(StringCodec.UTF8), timeout),
                owned ? client : null, timeout);
    }

    private static <C extends StatefulConnection<?, ?>> C withTimeout(C c, Duration timeout) {
        c.setTimeout(timeout);
        return c;
    }

    StatefulRedisPubSubConnection<String, String> openPubSub() {
        return pubSubOpener.get();
    }

    @Override
    public void close() {
        try {
            data.close();
        } finally {
            if (ownedClient != null) {
                ownedClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
    }
}
