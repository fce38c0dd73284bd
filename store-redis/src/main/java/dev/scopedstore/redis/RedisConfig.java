package dev.scopedstore.redis;

import dev.scopedstore.StoreConfigurationException;
import dev.scopedstore.spi.BackendContext;
import dev.scopedstore.spi.Urls;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Opens a backend from a URL and options; not on any hot path. Options (URL query or store
 * properties): {@code keyPrefix} (default {@code scopedstore}), {@code connectTimeout}
 * (default 10s), the TLS options of {@link RedisTls}; the command timeout is the store's
 * operation timeout. URLs:
 * {@code redis://[user:pass@]host:port[/db]}, {@code rediss://…} (TLS) and
 * {@code redis-cluster://[user:pass@]host:port,host:port[?tls=true]}.
 */
final class RedisConfig {
    /** Event loops shared by every client this module opens; Lettuce's threads are daemons. */
    private static final class Shared {
        static final ClientResources RESOURCES = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(2), 2,
                        TimeUnit.MILLISECONDS))
                .build();
    }

    private static final int CLUSTER_QUEUE = 10_000;
    /** The path of a standalone URL: none, or the database's number. */
    private static final Pattern DATABASE = Pattern.compile("(/\\d*)?");

    private RedisConfig() {
    }

    static RedisBackend open(BackendContext context, boolean cluster) {
        String prefix = context.option("keyPrefix", "scopedstore");
        if (prefix.isEmpty() || prefix.contains("{") || prefix.contains("}")) {
            throw new StoreConfigurationException("option keyPrefix=" + prefix
                    + " must be non-empty and free of braces");
        }
        Duration timeout = context.operationTimeout();
        Duration connectTimeout = context.durationOption("connectTimeout", Duration.ofSeconds(10));
        SocketOptions socket = SocketOptions.builder().connectTimeout(connectTimeout).build();
        String shown = Urls.redact(context.url());
        RedisConnections connections;
        if (cluster) {
            RedisTls tls = RedisTls.of(context, RedisTls.flag(context.option("tls", null)));
            List<RedisURI> seeds = clusterSeeds(context, shown, tls);
            RedisClusterClient client = RedisClusterClient.create(Shared.RESOURCES, seeds);
            client.setOptions(ClusterClientOptions.builder()
                    .autoReconnect(true)
                    // a cluster connects to each node lazily, so REJECT_COMMANDS would refuse the
                    // first command to a node; a bounded queue and the command timeout fail fast
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                    .requestQueueSize(CLUSTER_QUEUE)
                    // cancels a command queued for a node that died at the attempt's timeout, so
                    // it never runs late and the retry (see RedisErrors) goes to the new master
                    .timeoutOptions(TimeoutOptions.enabled(attemptTimeout(timeout)))
                    .socketOptions(socket)
                    .sslOptions(sslOptions(tls))
                    // follow a failover within about a second: refresh on MOVED/ASK and on
                    // failing reconnects (at most once a second), and every 10 s regardless
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enableAllAdaptiveRefreshTriggers()
                            .adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1))
                            .refreshTriggersReconnectAttempts(3)
                            .enablePeriodicRefresh(Duration.ofSeconds(10)).build())
                    .build());
            connections = connect(client, shown, () -> RedisConnections.cluster(client, timeout, true));
        } else {
            RedisURI uri = standaloneUri(context, shown);
            RedisTls tls = RedisTls.of(context, uri.isSsl());
            uri.setVerifyPeer(tls.verify());
            RedisClient client = RedisClient.create(Shared.RESOURCES);
            client.setOptions(ClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .socketOptions(socket)
                    .sslOptions(sslOptions(tls)).build());
            connections = connect(client, shown, () -> RedisConnections.standalone(client, uri, timeout, true));
        }
        return new RedisBackend(connections, prefix, context.clock(), timeout, context.mapper());
    }

    /**
     * One attempt of a cluster command: a quarter of the operation timeout, at least a second
     * (never more than the timeout), so a command stuck on a dead master is retried on its
     * successor within the operation timeout.
     */
    static Duration attemptTimeout(Duration timeout) {
        Duration quarter = timeout.dividedBy(4);
        Duration attempt = quarter.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : quarter;
        return attempt.compareTo(timeout) > 0 ? timeout : attempt;
    }

    private static RedisConnections connect(io.lettuce.core.AbstractRedisClient client, String shown,
                                            java.util.function.Supplier<RedisConnections> connect) {
        try {
            return RedisErrors.call("connecting to " + shown, connect);
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            throw e;
        }
    }

    private static String withoutQuery(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    /** Decodes {@code %XX} escapes as a URL's user information holds them ({@code +} is a plus). */
    private static String percentDecoded(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** @return the TLS trust {@code tls} asks for, or Lettuce's default (the JDK's) */
    private static SslOptions sslOptions(RedisTls tls) {
        SslOptions options = tls.sslOptions();
        return options == null ? SslOptions.create() : options;
    }

    private static RedisURI standaloneUri(BackendContext context, String shown) {
        try {
            String url = withoutQuery(context.url());
            URI parsed = new URI(url);
            // Lettuce would take "host:notaport" for a host name and look it up
            if (parsed.getHost() == null || !DATABASE.matcher(parsed.getRawPath()).matches()) {
                throw new IllegalArgumentException("no host, or a port or database that is not a number");
            }
            RedisURI uri = RedisURI.create(url);
            uri.setTimeout(context.operationTimeout());
            return uri;
        } catch (IllegalArgumentException | URISyntaxException e) {
            throw new StoreConfigurationException("Redis URL '" + shown + "' is malformed; expected"
                    + " redis://[user:password@]host:port[/db] or rediss://…");
        }
    }

    /**
     * {@code redis-cluster://[user:pass@]h1:p1,h2:p2[/][?options]}. The user information is
     * taken up to the last {@code @} before the query first, so no part of a password is ever
     * read as a node (and printed as a bad one); it is percent-decoded, a {@code +} staying a
     * {@code +}.
     */
    static List<RedisURI> clusterSeeds(BackendContext context, String shown, RedisTls tls) {
        String url = context.url();
        String rest = url.substring(url.indexOf("://") + 3);
        String user = null;
        char[] password = null;
        int query = rest.indexOf('?');
        int at = rest.lastIndexOf('@', query < 0 ? rest.length() : query);
        if (at >= 0) {
            String info = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = info.indexOf(':');
            // a bad %-escape never gets here: the store refuses the URL first
            user = colon < 0 ? null : percentDecoded(info.substring(0, colon));
            password = percentDecoded(colon < 0 ? info : info.substring(colon + 1)).toCharArray();
        }
        rest = rest.split("[/?]", 2)[0];
        List<RedisURI> seeds = new ArrayList<>();
        for (String hostPort : rest.split(",")) {
            if (hostPort.isBlank()) {
                continue;
            }
            int colon = hostPort.lastIndexOf(':');
            try {
                String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
                int port = colon < 0 ? 6379 : Integer.parseInt(hostPort.substring(colon + 1));
                RedisURI.Builder b = RedisURI.builder().withHost(host).withPort(port).withSsl(tls.enabled())
                        .withVerifyPeer(tls.verify()).withTimeout(context.operationTimeout());
                if (password != null) {
                    if (user != null && !user.isEmpty()) {
                        b.withAuthentication(user, password);
                    } else {
                        b.withPassword(password);
                    }
                }
                seeds.add(b.build());
            } catch (IllegalArgumentException e) {
                // with user information in the URL, the text might be a piece of the password
                String node = password == null && url.indexOf('@') < 0 ? " '" + hostPort + "'" : "";
                throw new StoreConfigurationException("Redis cluster URL '" + shown + "' has a bad"
                        + " node" + node + "; expected redis-cluster://host:port,host:port");
            }
        }
        if (seeds.isEmpty()) {
            throw new StoreConfigurationException("Redis cluster URL '" + shown + "' names no node;"
                    + " expected redis-cluster://host:port,host:port");
        }
        return seeds;
    }
}
