package dev.scopedstore.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scopedstore.StoreConfigurationException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A backend context")
class BackendContextTest {
    private static BackendContext context(String url, Map<String, String> options) {
        return new BackendContext(url, options, Clock.systemUTC(), Duration.ofSeconds(1), new ObjectMapper());
    }

    @Test
    @DisplayName("reads durations in short and ISO-8601 forms")
    void durations() {
        BackendContext c = context("x:", Map.of("a", "500ms", "b", "30s", "c", "5m", "d", "1h", "e", "PT2S"));
        assertEquals(Duration.ofMillis(500), c.durationOption("a", null));
        assertEquals(Duration.ofSeconds(30), c.durationOption("b", null));
        assertEquals(Duration.ofMinutes(5), c.durationOption("c", null));
        assertEquals(Duration.ofHours(1), c.durationOption("d", null));
        assertEquals(Duration.ofSeconds(2), c.durationOption("e", null));
        assertEquals(Duration.ZERO, c.durationOption("absent", Duration.ZERO));
    }

    @Test
    @DisplayName("names a malformed duration option")
    void badDuration() {
        StoreConfigurationException e = assertThrows(StoreConfigurationException.class,
                () -> context("x:", Map.of("flushInterval", "soon")).durationOption("flushInterval", null));
        assertTrue(e.getMessage().contains("flushInterval=soon"), e.getMessage());
    }

    @Test
    @DisplayName("prints neither the URL's password nor option values")
    void redacted() {
        String shown = context("redis://u:pw123@h:1", Map.of("password", "pw456")).toString();
        assertFalse(shown.contains("pw123"), shown);
        assertFalse(shown.contains("pw456"), shown);
        assertTrue(shown.contains("redis://u:****@h:1"), shown);
    }
}
