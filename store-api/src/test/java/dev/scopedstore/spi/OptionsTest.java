package dev.scopedstore.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scopedstore.StoreConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The one grammar of backend options")
class OptionsTest {

    @ParameterizedTest
    @ValueSource(strings = {"true", "TRUE", "yes", "on", "1", " true "})
    void trueSpellings(String text) {
        assertTrue(Options.bool("b", text, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "False", "no", "off", "0"})
    void falseSpellings(String text) {
        assertFalse(Options.bool("b", text, true));
    }

    @Test
    void absentTakesTheFallbackAndMalformedNamesTheOption() {
        assertTrue(Options.bool("b", null, true));
        assertEquals(7, Options.integer("n", null, 7));
        assertEquals(Duration.ofSeconds(3), Options.duration("d", null, Duration.ofSeconds(3)));
        assertTrue(assertThrows(StoreConfigurationException.class, () -> Options.bool("createTable", "maybe", true))
                .getMessage().contains("createTable=maybe"));
        assertTrue(assertThrows(StoreConfigurationException.class, () -> Options.integer("poolSize", "ten", 1))
                .getMessage().contains("poolSize=ten"));
        assertTrue(assertThrows(StoreConfigurationException.class, () -> Options.duration("poll", "-5s", null))
                .getMessage().contains("poll=-5s"));
    }

    @Test
    void durations() {
        assertEquals(Duration.ofMillis(500), Options.duration("d", "500ms", null));
        assertEquals(Duration.ofSeconds(30), Options.duration("d", "30s", null));
        assertEquals(Duration.ofMinutes(5), Options.duration("d", "5m", null));
        assertEquals(Duration.ofHours(1), Options.duration("d", "1h", null));
        assertEquals(Duration.ofSeconds(30), Options.duration("d", "PT30S", null));
    }
}
