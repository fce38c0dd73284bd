package dev.scopedstore.redis;

import dev.scopedstore.Store;
import dev.scopedstore.testkit.TestServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link OwnedRedisServer} that also listens with TLS, on a certificate signed by a CA made
 * for this test run with {@code openssl}; its plain port serves the test's own clean-up.
 */
final class TlsRedisServer implements AutoCloseable {
    private static Path authority;

    private final OwnedRedisServer server;
    private final int tlsPort;

    private TlsRedisServer(OwnedRedisServer server, int tlsPort) {
        this.server = server;
        this.tlsPort = tlsPort;
    }

    /**
     * Starts a server whose certificate names {@code subjectAltName} (as openssl writes it:
     * {@code IP:127.0.0.1}, {@code DNS:host}).
     */
    static TlsRedisServer start(String subjectAltName) throws IOException, InterruptedException {
        return start(subjectAltName, List.of());
    }

    /** As {@link #start(String)}, with more {@code redis-server} arguments. */
    static TlsRedisServer start(String subjectAltName, List<String> moreArgs) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("tls-redis");
        Path ca = caDirectory();
        Path ext = dir.resolve("san.ext");
        Files.writeString(ext, "subjectAltName=" + subjectAltName + "\n", StandardCharsets.US_ASCII);
        openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                "-subj", "/CN=scoped store test server");
        openssl(dir, "x509", "-req", "-in", "server.csr", "-CA", ca.resolve("ca.pem").toString(),
                "-CAkey", ca.resolve("ca.key").toString(), "-CAcreateserial", "-out", "server.pem",
                "-days", "2", "-extfile", ext.toString());
        int tlsPort = OwnedRedisServer.freePort();
        List<String> args = new ArrayList<>(List.of("--tls-port", Integer.toString(tlsPort),
                "--tls-cert-file", dir.resolve("server.pem").toString(),
                "--tls-key-file", dir.resolve("server.key").toString(),
                "--tls-ca-cert-file", ca.resolve("ca.pem").toString(), "--tls-auth-clients", "no",
                "--appendonly", "no"));   // nothing here survives a restart
        args.addAll(moreArgs);
        return new TlsRedisServer(OwnedRedisServer.start(args), tlsPort);
    }

    /**
     * Opens a store on {@code url} under {@code keyPrefix} with a 5 s operation timeout.
     *
     * @param options property names and values, in pairs
     */
    static Store store(String url, String keyPrefix, String... options) {
        var builder = Store.builder().url(url).property("keyPrefix", keyPrefix).operationTimeout(Duration.ofSeconds(5));
        for (int i = 0; i < options.length; i += 2) {
            builder.property(options[i], options[i + 1]);
        }
        return builder.build();
    }

    /** @return the CA's certificate (PEM), the one a client must trust */
    static Path caCert() throws IOException, InterruptedException {
        return caDirectory().resolve("ca.pem");
    }

    /** @return {@code rediss://127.0.0.1:port} of the TLS port */
    String tlsUrl() {
        return "rediss://127.0.0.1:" + tlsPort;
    }

    /** @return the TLS port */
    int tlsPort() {
        return tlsPort;
    }

    /** @return the plain port's URL, for clean-up */
    String plainUrl() {
        return server.url();
    }

    @Override
    public void close() throws InterruptedException {
        server.close();
    }

    private static synchronized Path caDirectory() throws IOException, InterruptedException {
        if (authority == null) {
            Path dir = Files.createTempDirectory("tls-ca");
            openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                    "-days", "2", "-subj", "/CN=scoped store test CA");
            authority = dir;
        }
        return authority;
    }

    /** Runs {@code redis-cli} over TLS, trusting the CA; fails unless it exits with 0. */
    static String redisCli(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("redis-cli", "--tls", "--cacert", caCert().toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("redis-cli " + String.join(" ", args) + " failed: " + output);
        }
        return output;
    }

    private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw TestServers.<IllegalStateException>unavailable("openssl could not be started ("
                    + e.getMessage() + "); install it (apt-get install openssl) or run .ci/run");
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed: " + output);
        }
    }
}
