package dev.scopedstore.redis;

import static dev.scopedstore.redis.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scopedstore.BackendUnavailableException;
import dev.scopedstore.ScopeQuery;
import dev.scopedstore.State;
import dev.scopedstore.StateChange;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import dev.scopedstore.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code rediss://} against a TLS {@code redis-server} the test owns, whose certificate a CA made
 * for the run signed: trusted through {@code tlsCaCertFile}, refused without it, and the host
 * name checked unless {@code tlsVerify} says otherwise.
 */
@DisplayName("The Redis backend over TLS")
class RedisTlsTest {
    private static TlsRedisServer server;
    private static TlsRedisServer otherName;
    private static String ca;

    @BeforeAll
    static void start() throws Exception {
        server = TlsRedisServer.start("IP:127.0.0.1");
        otherName = TlsRedisServer.start("DNS:elsewhere.test");
        ca = TlsRedisServer.caCert().toString();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (otherName != null) {
            otherName.close();
        }
    }

    private static Store open(String url, String... options) {
        return TlsRedisServer.store(url, "tls", options);
    }

    @Test
    @DisplayName("trusting the CA's certificate: writes, reads, batches and a subscription of another store")
    void trustedServer() throws Exception {
        try (Store writer = open(server.tlsUrl(), "tlsCaCertFile", ca);
             Store watcher = open(server.tlsUrl() + "?tlsCaCertFile=" + ca)) {
            Map<String, StateChange<JsonNode>> seen = new ConcurrentHashMap<>();
            Subscription sub = watcher.subscribe(ScopeQuery.nested("secure"), c -> seen.put(c.id().key(), c));
            try {
                State<Integer> a = writer.createState(0, StateOptions.key("a").scope("secure.room"));
                State<Integer> b = writer.createState(0, StateOptions.key("b").scope("secure.room"));
                a.set(1);
                writer.setAll(Map.of(b, 2));
                assertEquals(List.of(1, 2), watcher.getAll(List.of(
                        watcher.createState(0, StateOptions.key("a").scope("secure.room")),
                        watcher.createState(0, StateOptions.key("b").scope("secure.room")))));
                await(Duration.ofSeconds(15), () -> seen.size() == 2
                        && RedisFaultTest.hasValue(seen.get("a"), 1) && RedisFaultTest.hasValue(seen.get("b"), 2));
            } finally {
                sub.close();
            }
            writer.dropScope(ScopeQuery.nested("secure"));
        }
    }

    @Test
    @DisplayName("without the CA, the server's certificate is refused: unavailable, saying why, within the timeout")
    void untrustedServer() {
        long started = System.nanoTime();
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> open(server.tlsUrl()).close());
        saysWhyTlsFailed(e);
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(15).toNanos(), "failed within the timeouts");
    }

    @Test
    @DisplayName("a certificate for another host name: refused by tlsVerify=full (the default), taken by ca and none")
    void hostName() throws Exception {
        saysWhyTlsFailed(assertThrows(BackendUnavailableException.class,
                () -> open(otherName.tlsUrl(), "tlsCaCertFile", ca).close()));
        assertThrows(BackendUnavailableException.class,
                () -> open(otherName.tlsUrl(), "tlsCaCertFile", ca, "tlsVerify", "full").close());
        try (Store chainOnly = open(otherName.tlsUrl(), "tlsCaCertFile", ca, "tlsVerify", "ca");
             Store unchecked = open(otherName.tlsUrl(), "tlsVerify", "none")) {
            State<String> s = chainOnly.createState("", StateOptions.key("k").scope("names"));
            s.set("over tls");
            assertEquals("over tls", unchecked.createState("", StateOptions.key("k").scope("names")).get());
            chainOnly.dropScope(ScopeQuery.nested("names"));
        }
    }

    /** The handshake failed, and the message gives the JDK's reason. */
    private static void saysWhyTlsFailed(BackendUnavailableException e) {
        Throwable handshake = e;
        while (handshake != null && !(handshake instanceof SSLHandshakeException)) {
            handshake = handshake.getCause();
        }
        assertNotNull(handshake, "a TLS handshake failed: " + e);
        Throwable root = handshake;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertTrue(e.getMessage().contains(root.getMessage()), e.getMessage());
    }

    @Test
    @DisplayName("plain redis:// to the TLS port gets no answer it can read: unavailable")
    void plainToTlsPort() {
        assertThrows(BackendUnavailableException.class,
                () -> open(server.tlsUrl().replace("rediss://", "redis://")).close());
    }
}
