package dev.scopedstore.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scopedstore.State;
import dev.scopedstore.Store;
import dev.scopedstore.StoreConfigurationException;
import dev.scopedstore.spi.Capability;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Discovery: backends found by URL scheme, clear errors, durability. */
abstract class DiscoveryTck extends KitGroup {
    DiscoveryTck(StoreConformanceKit kit) {
        super(kit);
    }

    @Test
    @DisplayName("an unknown scheme is refused, naming the schemes on the class path")
    void unknownScheme() {
        StoreConfigurationException e = assertThrows(StoreConfigurationException.class,
                () -> Store.open("nosuchscheme://x"));
        assertTrue(String.valueOf(e.getMessage()).contains(scheme()),
                () -> "names '" + scheme() + "': " + e.getMessage());
        assertTrue(e.getMessage().contains("nosuchscheme"), () -> "names the bad scheme: " + e.getMessage());
    }

    @Test
    @DisplayName("a malformed URL is refused")
    void malformedUrl() {
        assertThrows(StoreConfigurationException.class, () -> Store.open("::not a url"));
    }

    @Test
    @DisplayName("answers a ping")
    void ping() {
        store().ping();
    }

    @Test
    @DisplayName("keeps state across close and reopen when durable")
    void durable() {
        assumeCapability(Capability.DURABLE, "declare it when state survives closing and"
                + " reopening a store on the same namespace");
        Store first = openStoreIn(namespace());
        State<List<String>> s = first.createState(List.of("a"), key("kept").labels("l-" + randomHex()));
        s.set(List.of("a", "b"));
        long version = s.version();
        first.close();
        Store second = openStoreIn(namespace());
        State<List<String>> again = second.createState(List.of(), key("kept"));
        assertEquals(List.of("a", "b"), again.get());
        assertEquals(version, again.version());
    }
}
