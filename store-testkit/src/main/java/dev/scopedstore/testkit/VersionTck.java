package dev.scopedstore.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scopedstore.Atomic;
import dev.scopedstore.ScopeQuery;
import dev.scopedstore.State;
import dev.scopedstore.StateOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Versions: one per write, never repeated. */
abstract class VersionTck extends KitGroup {
    VersionTck(StoreConformanceKit kit) {
        super(kit);
    }

    @Test
    @DisplayName("start at 1 or above and grow by exactly one per write, also when the value is unchanged")
    void onePerWrite() {
        State<Integer> n = store().createState(0, key("n"));
        long v = n.version();
        assertTrue(v >= 1, "first version: " + v);
        n.set(1);
        assertEquals(++v, n.version(), "set");
        n.set(1);
        assertEquals(++v, n.version(), "set of the same value");
        n.update(x -> x);
        assertEquals(++v, n.version(), "update to the same value");
        n.update(x -> x + 1);
        assertEquals(++v, n.version(), "update");
        assertTrue(n.setIfVersion(v, 2));
        assertEquals(++v, n.version(), "setIfVersion");
        assertTrue(n.setIfVersion(v, 2));
        assertEquals(++v, n.version(), "setIfVersion of the same value");

        State<Integer> votes = store().createState(0, StateOptions.key("votes").scope(scope())
                .atomic("votes = ans + x"));
        long w = votes.version();
        votes.accumulate(1);
        assertEquals(++w, votes.version(), "accumulate");
        votes.accumulate(0);
        assertEquals(++w, votes.version(), "accumulate of zero");
        votes.set(votes.get() + 1);
        assertEquals(++w, votes.version(), "equation set");
        votes.set(votes.get());
        assertEquals(++w, votes.version(), "equation set of the same value");
        assertEquals(2, votes.get());
    }

    @Test
    @DisplayName("do not change on reads")
    void readsDoNotWrite() {
        State<Integer> n = store().createState(0, key("n"));
        n.set(4);
        long v = n.version();
        n.get();
        store().hasState(key("n"));
        store().getAll(List.of(n));
        list(store(), ScopeQuery.scope(scope()));
        store().createState(9, key("n")).get();
        assertEquals(v, n.version());
        assertEquals(v, store().createState(9, key("n")).version(), "as another handle sees it");
    }

    @Test
    @DisplayName("make setIfVersion with a stale version fail, changing nothing")
    void staleSetIfVersion() {
        State<String> s = store().createState("a", key("s"));
        long stale = s.version();
        s.set("b");
        long current = s.version();
        assertFalse(s.setIfVersion(stale, "c"));
        assertEquals("b", s.get());
        assertEquals(current, s.version());
        assertFalse(s.setIfVersion(current + 1, "c"), "a version from the future");
        assertEquals("b", s.get());
        assertTrue(s.setIfVersion(current, "d"));
        assertEquals("d", s.get());
    }

    @Test
    @DisplayName("never repeat across delete and re-create")
    void neverRepeatAcrossDelete() {
        StateOptions opts = key("s");
        State<Integer> s = store().createState(0, opts);
        List<Long> before = new ArrayList<>(List.of(s.version()));
        for (int i = 1; i <= 3; i++) {
            s.set(i);
            before.add(s.version());
        }
        long last = s.version();
        s.delete();
        assertFalse(s.setIfVersion(last, 7), "a deleted state is not written by setIfVersion");
        assertFalse(store().hasState(opts), "setIfVersion must not re-create a deleted state");

        State<Integer> again = store().createState(0, opts);
        long created = again.version();
        assertTrue(created > last, "re-created at version " + created + ", deleted at " + last);
        for (long old : before) {
            assertFalse(again.setIfVersion(old, 99), "version " + old + " is from before the delete");
        }
        assertEquals(0, again.get());
        assertEquals(created, again.version());
        again.set(1);
        assertEquals(created + 1, again.version());
    }
}
