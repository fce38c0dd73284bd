package dev.scopedstore.redis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A Redis Cluster of three masters (no replicas) the test owns, speaking only TLS to clients and
 * on its bus ({@code tls-cluster yes}), each node on a certificate for 127.0.0.1 that
 * {@link TlsRedisServer}'s CA signed.
 */
final class TlsRedisCluster implements AutoCloseable {
    private final List<TlsRedisServer> nodes;

    private TlsRedisCluster(List<TlsRedisServer> nodes) {
        this.nodes = nodes;
    }

    static TlsRedisCluster start() throws IOException, InterruptedException {
        List<TlsRedisServer> nodes = new ArrayList<>();
        TlsRedisCluster cluster = new TlsRedisCluster(nodes);
        try {
            for (int i = 0; i < 3; i++) {
                nodes.add(TlsRedisServer.start("IP:127.0.0.1", List.of("--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000",
                        "--tls-cluster", "yes",
                        // the bus port would be the TLS port + 10000, which may be past 65535
                        "--cluster-port", Integer.toString(OwnedRedisServer.freePort()))));
            }
            List<String> create = new ArrayList<>(List.of("--cluster", "create"));
            for (TlsRedisServer node : nodes) {
                create.add("127.0.0.1:" + node.tlsPort());
            }
            create.add("--cluster-yes");
            TlsRedisServer.redisCli(create.toArray(String[]::new));
            cluster.awaitHealthy();
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** @return {@code redis-cluster://} naming every node, with {@code tls=true} */
    String url() {
        StringBuilder url = new StringBuilder("redis-cluster://");
        for (TlsRedisServer node : nodes) {
            url.append(url.length() > "redis-cluster://".length() ? "," : "").append("127.0.0.1:")
                    .append(node.tlsPort());
        }
        return url.append("?tls=true").toString();
    }

    /** @return how many keys each master holds, by {@code DBSIZE} */
    List<Long> keysPerMaster() throws IOException, InterruptedException {
        List<Long> sizes = new ArrayList<>();
        for (TlsRedisServer node : nodes) {
            sizes.add(Long.parseLong(TlsRedisServer.redisCli("-p", Integer.toString(node.tlsPort()), "dbsize").trim()));
        }
        return sizes;
    }

    private void awaitHealthy() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        String info = "";
        while (System.nanoTime() < deadline) {
            boolean ok = true;
            for (TlsRedisServer node : nodes) {
                info = TlsRedisServer.redisCli("-p", Integer.toString(node.tlsPort()), "cluster", "info");
                ok &= info.contains("cluster_state:ok");
            }
            if (ok) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IOException("the TLS cluster is not healthy after 30 s: " + info);
    }

    @Override
    public void close() throws InterruptedException {
        for (TlsRedisServer node : nodes) {
            node.close();
        }
    }
}
