package dev.scopedstore.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A node of the shared test cluster killed with SIGKILL, and started again with the command
 * line {@code .ci/run} uses (its dir, pid file, log file and cluster config file read from the
 * node before the kill), so it rejoins as a replica. {@link #restart} waits until every node
 * reports {@code cluster_state:ok} and three masters, and every replica has finished syncing (a
 * replica that never synced cannot take over): the cluster is shared with other tests.
 */
final class KilledClusterNode {
    private static final Duration HEALTHY_WITHIN = Duration.ofSeconds(90);

    private final RedisURI uri;
    private final List<String> command;
    private final List<RedisURI> everyNode;

    private KilledClusterNode(RedisURI uri, List<String> command, List<RedisURI> everyNode) {
        this.uri = uri;
        this.command = command;
        this.everyNode = everyNode;
    }

    /**
     * Waits until the cluster is healthy, then kills the node at {@code uri} (SIGKILL on its
     * {@code process_id}).
     */
    static KilledClusterNode kill(RedisURI uri) throws InterruptedException {
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<String, String> c = client.connect(uri)) {
            RedisCommands<String, String> node = c.sync();
            List<String> command = List.of("redis-server", "--port", Integer.toString(uri.getPort()),
                    "--bind", "127.0.0.1", "--cluster-enabled", "yes",
                    "--cluster-config-file", config(node, "cluster-config-file"),
                    "--cluster-node-timeout", config(node, "cluster-node-timeout"),
                    "--dir", config(node, "dir"), "--save", "", "--appendonly", "no", "--daemonize", "yes",
                    "--pidfile", config(node, "pidfile"), "--logfile", config(node, "logfile"));
            List<RedisURI> everyNode = new ArrayList<>();
            for (String line : node.clusterNodes().split("\n")) {
                String address = line.split(" ")[1];
                String hostPort = address.substring(0, address.indexOf('@'));
                int colon = hostPort.lastIndexOf(':');
                everyNode.add(RedisURI.create(hostPort.substring(0, colon),
                        Integer.parseInt(hostPort.substring(colon + 1))));
            }
            KilledClusterNode killed = new KilledClusterNode(uri, command, everyNode);
            killed.awaitHealthy();   // a kill while a replica still syncs would take the slots down for good
            long pid = Long.parseLong(node.info("server").lines()
                    .filter(l -> l.startsWith("process_id:")).findFirst().orElseThrow()
                    .substring("process_id:".length()).trim());
            ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() ->
                    new IllegalStateException("no process " + pid + " for " + uri + " (not on this machine?)"));
            process.destroyForcibly();
            process.onExit().join();
            return killed;
        } finally {
            client.shutdown();
        }
    }

    private static String config(RedisCommands<String, String> node, String name) {
        Map<String, String> value = node.configGet(name);
        return value.get(name);
    }

    /** Starts the node again and waits until the whole cluster is healthy with three masters. */
    void restart() throws IOException, InterruptedException {
        Process start = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (start.waitFor() != 0) {
            throw new IOException("redis-server " + uri + " did not start: "
                    + new String(start.getInputStream().readAllBytes()));
        }
        awaitHealthy();
    }

    private void awaitHealthy() throws InterruptedException {
        long deadline = System.nanoTime() + HEALTHY_WITHIN.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = health();
            if (last.isEmpty()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the test cluster is not healthy " + HEALTHY_WITHIN + " after restarting "
                + uri + ": " + last);
    }

    /** @return empty when every node is ok with three masters and synced replicas, else what is wrong */
    private String health() {
        RedisClient client = RedisClient.create();
        try {
            for (RedisURI node : everyNode) {
                node.setTimeout(Duration.ofSeconds(2));
                try (StatefulRedisConnection<String, String> c = client.connect(node)) {
                    if (!c.sync().clusterInfo().contains("cluster_state:ok")) {
                        return node + " is not ok";
                    }
                    String view = c.sync().clusterNodes();
                    long masters = view.lines().filter(l -> l.contains("master") && !l.contains("fail")).count();
                    long linked = view.lines().filter(l -> l.contains(" connected")).count();
                    if (masters != 3 || linked != everyNode.size()) {
                        return node + " sees " + masters + " masters, " + linked + " connected nodes";
                    }
                    // a replica that never finished its first sync refuses to fail over ("data too
                    // old"), so the next test's kill would leave its master's slots down for good
                    String replication = c.sync().info("replication");
                    if (replication.contains("role:slave") && !replication.contains("master_link_status:up")) {
                        return node + " is a replica still syncing with its master";
                    }
                } catch (RuntimeException e) {
                    return node + ": " + e.getMessage();
                }
            }
            return "";
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }
}
