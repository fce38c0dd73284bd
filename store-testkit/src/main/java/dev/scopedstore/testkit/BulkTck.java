package dev.scopedstore.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.scopedstore.Scopes;
import dev.scopedstore.State;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Bulk: many states in one call. */
abstract class BulkTck extends KitGroup {
    BulkTck(StoreConformanceKit kit) {
        super(kit);
    }

    @Test
    @DisplayName("getAll returns values in order, with the default for an absent state")
    void getAll() {
        State<Integer> h1 = store().createState(0, key("a"));
        State<Integer> h2 = client("A").createState(0, key("b", Scopes.CLIENT));
        State<Integer> h3 = store().createState(30, key("c"));
        h1.set(1);
        h2.set(2);
        h3.set(3);
        h3.delete();
        assertEquals(List.of(1, 2, 30), store().getAll(List.of(h1, h2, h3)));
        assertEquals(List.of(30, 1), store().getAll(List.of(h3, h1)));
    }

    @Test
    @DisplayName("setAll writes every state, one version each")
    void setAll() {
        State<Integer> h1 = store().createState(0, key("a"));
        State<Integer> h2 = store().createState(0, key("b", "x"));
        long v1 = h1.version();
        long v2 = h2.version();
        store().setAll(Map.of(h1, 10, h2, 20));
        assertEquals(10, store().createState(0, key("a")).get());
        assertEquals(20, store().createState(0, key("b", "x")).get());
        assertEquals(v1 + 1, h1.version());
        assertEquals(v2 + 1, h2.version());
    }
}
