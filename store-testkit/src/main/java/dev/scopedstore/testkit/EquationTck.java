package dev.scopedstore.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.scopedstore.Atomic;
import dev.scopedstore.State;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Subscription;
import dev.scopedstore.spi.Capability;
import dev.scopedstore.spi.Change;
import dev.scopedstore.spi.ScopeFilter;
import dev.scopedstore.spi.StateBackend;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Atomic equations, one writer: what set and accumulate mean for each equation. */
abstract class EquationTck extends KitGroup {
    EquationTck(StoreConformanceKit kit) {
        super(kit);
    }

    private StateOptions votes(String equation) {
        return StateOptions.key("votes").scope(scope()).atomic(equation);
    }

    private StateOptions votes(Atomic shorthand) {
        return StateOptions.key("votes").scope(scope()).atomic(shorthand);
    }

    @Test
    @DisplayName("votes = ans + x: set writes the value set, accumulate adds")
    void ansPlusX() {
        State<Long> votes = store().createState(10L, votes("votes = ans + x"));
        votes.set(13L);
        assertEquals(13L, votes.get());
        assertEquals(20L, votes.accumulate(7L));
        assertEquals(20L, votes.get());
    }

    @Test
    @DisplayName("votes = ans - x: set writes the value set, accumulate subtracts")
    void ansMinusX() {
        State<Long> votes = store().createState(10L, votes("votes = ans - x"));
        votes.set(4L);
        assertEquals(4L, votes.get());
        votes.set(9L);
        assertEquals(9L, votes.get());
        assertEquals(7L, votes.accumulate(2L));
        assertEquals(7L, votes.get());
    }

    @Test
    @DisplayName("votes = x - ans: set writes the value set, accumulate subtracts the value from x")
    void xMinusAns() {
        State<Long> votes = store().createState(10L, votes("votes = x - ans"));
        votes.set(3L);
        assertEquals(3L, votes.get());
        votes.set(-5L);
        assertEquals(-5L, votes.get());
        assertEquals(15L, votes.accumulate(10L), "x - value = 10 - (-5)");
        assertEquals(15L, votes.get());
    }

    @Test
    @DisplayName("votes = ans * x: set writes the value set, accumulate multiplies")
    void ansTimesX() {
        State<Long> votes = store().createState(3L, votes("votes = ans * x"));
        votes.set(12L);
        assertEquals(12L, votes.get());
        assertEquals(24L, votes.accumulate(2L));
        assertEquals(24L, votes.get());
    }

    @Test
    @DisplayName("MAX and MIN keep the extreme, and accumulate compares")
    void maxAndMin() {
        State<Long> max = store().createState(5L, votes(Atomic.MAX));
        max.set(8L);
        assertEquals(8L, max.get());
        assertEquals(8L, max.accumulate(6L), "max(8, 6)");
        assertEquals(11L, max.accumulate(11L));
        State<Long> min = store().createState(5L, key("low").atomic(Atomic.MIN));
        min.set(2L);
        assertEquals(2L, min.get());
        assertEquals(2L, min.accumulate(4L), "min(2, 4)");
        assertThrows(IllegalArgumentException.class, () -> min.set(3L), "above ans");
        assertEquals(2L, min.get());
    }

    @Test
    @DisplayName("SUM works element by element on arrays and objects")
    void elementWise() {
        State<long[]> counts = store().createState(new long[] {1, 2, 3}, votes(Atomic.SUM));
        counts.set(new long[] {1, 5, 3});
        assertArrayEquals(new long[] {1, 5, 3}, counts.get());
        assertArrayEquals(new long[] {11, 5, 2}, counts.accumulate(new long[] {10, 0, -1}));

        State<Map<String, Long>> tally = store().createState(
                new TypeReference<Map<String, Long>>() { }, Map.of("yes", 0L, "no", 0L),
                key("tally").atomic(Atomic.SUM));
        tally.set(Map.of("yes", 1L, "no", 0L));
        assertEquals(Map.of("yes", 1L, "no", 0L), tally.get());
        assertEquals(Map.of("yes", 3L, "no", 1L), tally.accumulate(Map.of("yes", 2L, "no", 1L)));
    }

    @Test
    @DisplayName("APPEND and UNION extend arrays")
    void appendAndUnion() {
        State<List<String>> log = store().createState(new TypeReference<List<String>>() { },
                List.of("a"), votes(Atomic.APPEND));
        log.set(List.of("a", "b"));
        assertEquals(List.of("a", "b"), log.get());
        assertEquals(List.of("a", "b", "c", "b"), log.accumulate(List.of("c", "b")));

        State<List<String>> tags = store().createState(new TypeReference<List<String>>() { },
                List.of("a"), key("tags").atomic(Atomic.UNION));
        tags.set(List.of("a", "b"));
        assertEquals(List.of("a", "b"), tags.get());
        assertEquals(List.of("a", "b", "c"), tags.accumulate(List.of("b", "c")));
    }

    @Test
    @DisplayName("accumulate on a state without an equation raises IllegalStateException")
    void accumulateWithoutEquation() {
        State<Integer> plain = store().createState(1, key("plain"));
        long version = plain.version();
        assertThrows(IllegalStateException.class, () -> plain.accumulate(1));
        assertEquals(1, plain.get());
        assertEquals(version, plain.version());
    }

    @Test
    @DisplayName("createOnFirstWrite: nothing is written until accumulate, which creates default + x (one write where native)")
    void createOnFirstWrite() {
        StateOptions options = votes(Atomic.SUM).createOnFirstWrite();
        State<Long> votes = store().createState(10L, options);
        assertFalse(store().hasState(options), "the handle wrote nothing");
        assertEquals(10L, votes.get(), "reads see the default");
        // the backend's own feed: every write, none coalesced
        List<Change> writes = new CopyOnWriteArrayList<>();
        try (Subscription subscription = store().unwrap(StateBackend.class)
                .subscribe(new ScopeFilter(votes.scope(), false), writes::add)) {
            assertEquals(13L, votes.accumulate(3L));
            long written = votes.version();
            Awaiting.until(notificationTimeout(), () -> writes.stream().anyMatch(c -> c.version() == written),
                    () -> "the accumulate's change: " + writes);
        }
        assertEquals(13L, votes.get());
        if (capabilities().has(Capability.NATIVE_ADD)) {
            assertEquals(1, writes.stream().map(Change::version).distinct().count(), () -> "one write: " + writes);
            assertEquals(13L, writes.get(0).value().longValue(), () -> "created at 13: " + writes);
        }
    }

    @Test
    @DisplayName("createOnFirstWrite on a state that exists: its value is ans, so set writes what was set")
    void createOnFirstWriteOfAnExistingState() {
        store().createState(10L, votes(Atomic.SUM)).set(10L);
        State<Long> votes = store().createState(0L, votes(Atomic.SUM).createOnFirstWrite());
        votes.set(11L);
        assertEquals(11L, votes.get(), "an operand of 1, solved from the stored 10");
    }
}
