package dev.scopedstore.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scopedstore.ScopeQuery;
import dev.scopedstore.State;
import dev.scopedstore.StateEntry;
import dev.scopedstore.Store;
import dev.scopedstore.StoreConfigurationException;
import dev.scopedstore.spi.Capability;
import java.util.List;
import java.util.Set;
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
        String namespace = freshNamespace();
        Store first = openStoreIn(namespace);
        String label = "l-" + randomHex();
        State<List<String>> s = first.createState(List.of("a"), key("kept").labels(label));
        s.set(List.of("a", "b"));
        long version = s.version();
        first.close();
        Store second = openStoreIn(namespace);
        State<List<String>> again = second.createState(List.of(), key("kept"));
        assertEquals(List.of("a", "b"), again.get());
        assertEquals(version, again.version());
        assertEquals(List.of(Set.of(label)), list(second, ScopeQuery.scope(scope())).stream()
                .map(StateEntry::labels).toList());
    }
}
