package dev.scopedstore.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scopedstore.ScopeQuery;
import dev.scopedstore.Scopes;
import dev.scopedstore.State;
import dev.scopedstore.StateEntry;
import dev.scopedstore.StateId;
import dev.scopedstore.Store;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Labels: group states across scopes, purged together. */
abstract class LabelTck extends KitGroup {
    LabelTck(StoreConformanceKit kit) {
        super(kit);
    }

    @Test
    @DisplayName("purgeLabels deletes exactly the labelled states, across scopes, and counts them")
    void purge() {
        String widget = "widget-1-" + randomHex();
        String other = "widget-2-" + randomHex();
        Store clientA = client("A");
        State<Integer> one = store().createState(1, key("a", "one").labels(widget));
        State<Integer> two = clientA.createState(2, key("b", Scopes.CLIENT).labels(widget, "extra"));
        State<Integer> three = store().createState(3, key("c", "one.deeper").labels(widget));
        State<Integer> kept = store().createState(4, key("d").labels(other));
        State<Integer> unlabelled = store().createState(5, key("e", "one"));

        assertEquals(3, store().purgeLabels(widget));
        assertFalse(store().hasState(key("a", "one")));
        assertFalse(clientA.hasState(key("b", Scopes.CLIENT)));
        assertFalse(store().hasState(key("c", "one.deeper")));
        assertEquals(4, kept.get());
        assertEquals(5, unlabelled.get());
        assertEquals(0, one.version());
        assertEquals(0, two.version());
        assertEquals(0, three.version());
        assertEquals(0, store().purgeLabels(widget), "nothing left to purge");
        assertEquals(1, store().purgeLabels(other, "unused-" + randomHex()), "any of several labels");
        assertFalse(store().hasState(key("d")));
        assertTrue(store().hasState(key("e", "one")));
    }

    @Test
    @DisplayName("purgeLabels racing with writers that re-create labelled states: a last purge still finds"
            + " every one")
    void purgeRacingWriters() {
        String racing = "racing-" + randomHex();
        AtomicBoolean running = new AtomicBoolean(true);
        Concurrently.run(4, Duration.ofMinutes(1), thread -> {
            if (thread == 0) {
                try {
                    long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                    while (System.nanoTime() < until) {
                        store().purgeLabels(racing);
                    }
                } finally {
                    running.set(false);
                }
                return;
            }
            for (int i = 0; running.get(); i++) {
                store().createState(0, key("k" + (i % 8), "w" + thread).labels(racing)).set(i);
            }
        });
        store().purgeLabels(racing);
        assertEquals(List.of(), list(store(), ScopeQuery.nested(scope())).stream()
                .filter(e -> e.labels().contains(racing)).map(e -> e.id().toString()).toList(),
                "no labelled state escaped the last purge");
    }

    @Test
    @DisplayName("are reported by the handle and by listings")
    void reported() {
        String widget = "widget-1-" + randomHex();
        State<Integer> labelled = store().createState(1, key("a").labels(widget, "extra"));
        State<Integer> plain = store().createState(2, key("b"));
        assertEquals(Set.of(widget, "extra"), labelled.labels());
        assertEquals(Set.of(), plain.labels());
        Map<StateId, Set<String>> listed = list(store(), ScopeQuery.scope(scope())).stream()
                .collect(Collectors.toMap(StateEntry::id, StateEntry::labels));
        assertEquals(Map.of(labelled.id(), Set.of(widget, "extra"), plain.id(), Set.of()), listed);
    }
}
