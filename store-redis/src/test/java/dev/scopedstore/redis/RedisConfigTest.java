package dev.scopedstore.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scopedstore.Store;
import dev.scopedstore.StoreConfigurationException;
import dev.scopedstore.spi.BackendContext;
import dev.scopedstore.spi.Urls;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad URLs and options are refused before anything connects: every URL here points at port 1 of
 * the loopback, where nothing listens, so an attempt to connect would end in
 * {@code BackendUnavailableException} instead.
 */
@DisplayName("The Redis backend's URL and options")
class RedisConfigTest {

    private static StoreConfigurationException refused(String url, Map<String, String> options) {
        return assertThrows(StoreConfigurationException.class, () -> {
            var builder = Store.builder().url(url);
            options.forEach(builder::property);
            builder.build().close();
        });
    }

    private static void names(StoreConfigurationException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' names " + part);
        }
    }

    @Test
    @DisplayName("a key prefix with a brace, which would break the hash tag")
    void keyPrefix() {
        names(refused("redis://127.0.0.1:1", Map.of("keyPrefix", "app{1}")), "keyPrefix", "app{1}");
    }

    @Test
    @DisplayName("a cluster URL with a bad port; tls that is no boolean")
    void clusterUrls() {
        names(refused("redis-cluster://127.0.0.1:1,127.0.0.1:x", Map.of()), "127.0.0.1:x");
        names(refused("redis-cluster://127.0.0.1:1?tls=maybe", Map.of()), "tls=maybe");
    }

    @Test
    @DisplayName("TLS options on a URL without TLS")
    void tlsOptionsWithoutTls(@TempDir Path dir) throws Exception {
        Path pem = Files.writeString(dir.resolve("ca.pem"), "");
        names(refused("redis://127.0.0.1:1", Map.of("tlsCaCertFile", pem.toString())), "tlsCaCertFile", "rediss://");
        names(refused("redis-cluster://127.0.0.1:1", Map.of("tlsVerify", "ca")), "tlsVerify", "tls=true");
    }

    @Test
    @DisplayName("a CA file that is missing or holds no certificate; an unknown verify mode")
    void tlsOptions(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("absent.pem");
        names(refused("rediss://127.0.0.1:1", Map.of("tlsCaCertFile", missing.toString())),
                "tlsCaCertFile", missing.toString(), "no readable file");
        Path notPem = Files.writeString(dir.resolve("notes.txt"), "not a certificate");
        names(refused("rediss://127.0.0.1:1", Map.of("tlsCaCertFile", notPem.toString())),
                "tlsCaCertFile", notPem.toString(), "no readable PEM certificate");
        names(refused("redis-cluster://127.0.0.1:1?tls=true", Map.of("tlsVerify", "maybe")), "tlsVerify=maybe",
                "full", "ca", "none");
    }

    private static List<RedisURI> seeds(String url) {
        BackendContext context = new BackendContext(url, Map.of(), Clock.systemUTC(), Duration.ofSeconds(1),
                new ObjectMapper());
        return RedisConfig.clusterSeeds(context, Urls.redact(url), RedisTls.of(context, false));
    }

    private static RedisCredentials credentials(RedisURI uri) {
        return uri.getCredentialsProvider().resolveCredentials().block();
    }

    @Test
    @DisplayName("a cluster URL's password is read whole, up to its last @: a slash, a plus, %-escapes")
    void clusterPassword() {
        List<RedisURI> seeds = seeds("redis-cluster://app:s3cr/et+x%40y@127.0.0.1:1,127.0.0.1:2/?keyPrefix=a@b");
        assertEquals(2, seeds.size());
        assertEquals("127.0.0.1", seeds.get(0).getHost());
        assertEquals(2, seeds.get(1).getPort());
        RedisCredentials credentials = credentials(seeds.get(1));
        assertEquals("app", credentials.getUsername());
        assertEquals("s3cr/et+x@y", new String(credentials.getPassword()));
        assertFalse(credentials(seeds("redis-cluster://127.0.0.1:1?keyPrefix=a@b").get(0)).hasPassword());
        StoreConfigurationException pasted = refused("redis-cluster://app:pa?x=1@127.0.0.1:1", Map.of());
        assertFalse(pasted.getMessage().contains("app:pa"), pasted.getMessage());
        StoreConfigurationException e = refused("redis-cluster://app:s3cr%zz@127.0.0.1:1", Map.of());
        assertFalse(e.getMessage().contains("s3cr") || e.getMessage().contains("zz"), e.getMessage());
    }

    @Test
    @DisplayName("a malformed URL is named without its password")
    void malformedUrlHidesPassword() {
        StoreConfigurationException e = refused("redis://user:s3cret@127.0.0.1:notaport", Map.of());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        names(e, "malformed");
        names(refused("redis://127.0.0.1:6379/zero", Map.of()), "malformed", "/zero");
    }
}
