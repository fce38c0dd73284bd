package dev.scopedstore.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.scopedstore.Atomic;
import dev.scopedstore.State;
import dev.scopedstore.StateOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Concurrency: many writers at once lose no update, with or without native operations. */
abstract class ConcurrencyTck extends KitGroup {
    ConcurrencyTck(StoreConformanceKit kit) {
        super(kit);
    }

    private StateOptions votes(Object equation) {
        StateOptions opts = StateOptions.key("votes").scope(scope());
        return equation instanceof Atomic ? opts.atomic((Atomic) equation) : opts.atomic((String) equation);
    }

    private long total() {
        return (long) threads() * opsPerThread();
    }

    @Test
    @DisplayName("update from every thread on one handle counts every increment")
    void updateCounts() {
        State<Long> n = store().createState(0L, key("n"));
        Concurrently.run(threads(), concurrencyTimeout(), t -> {
            for (int i = 0; i < opsPerThread(); i++) {
                n.update(x -> x + 1);
            }
        });
        assertEquals(total(), n.get());
    }

    @Test
    @DisplayName("set(get() + 1) with votes = ans + x through one shared handle counts every vote")
    void equationSharedHandle() {
        State<Long> votes = store().createState(0L, votes("votes = ans + x"));
        Concurrently.run(threads(), concurrencyTimeout(), t -> {
            for (int i = 0; i < opsPerThread(); i++) {
                votes.set(votes.get() + 1);
            }
        });
        assertEquals(total(), votes.get());
    }

    @Test
    @DisplayName("set(get() + 1) with votes = ans + x through a handle per thread counts every vote")
    void equationHandlePerThread() {
        store().createState(0L, votes("votes = ans + x"));
        Concurrently.run(threads(), concurrencyTimeout(), t -> {
            State<Long> mine = store().createState(0L, votes("votes = ans + x"));
            for (int i = 0; i < opsPerThread(); i++) {
                mine.set(mine.get() + 1);
            }
        });
        assertEquals(total(), store().createState(0L, votes("votes = ans + x")).get());
    }

    @Test
    @DisplayName("accumulate(1) with SUM counts every call")
    void sumAccumulate() {
        State<Long> votes = store().createState(0L, votes(Atomic.SUM));
        Concurrently.run(threads(), concurrencyTimeout(), t -> {
            for (int i = 0; i < opsPerThread(); i++) {
                votes.accumulate(1L);
            }
        });
        assertEquals(total(), votes.get());
    }

    @Test
    @DisplayName("SUM on an array counts every element exactly")
    void sumArray() {
        State<long[]> counts = store().createState(new long[3], votes(Atomic.SUM));
        long[] expected = new long[3];
        for (int t = 0; t < threads(); t++) {
            for (int i = 0; i < opsPerThread(); i++) {
                expected[(t + i) % 3]++;
            }
        }
        Concurrently.run(threads(), concurrencyTimeout(), t -> {
            for (int i = 0; i < opsPerThread(); i++) {
                long[] next = counts.get().clone();
                next[(t + i) % 3]++;
                counts.set(next);
            }
        });
        assertArrayEquals(expected, counts.get());
    }

    @Test
    @DisplayName("SUM on a {yes, no} tally counts every vote exactly")
    void sumTally() {
        State<Map<String, Long>> tally = store().createState(
                new TypeReference<Map<String, Long>>() { }, Map.of("yes", 0L, "no", 0L),
                votes(Atomic.SUM));
        Map<String, Long> expected = new HashMap<>(Map.of("yes", 0L, "no", 0L));
        for (int t = 0; t < threads(); t++) {
            for (int i = 0; i < opsPerThread(); i++) {
                expected.merge(vote(t, i), 1L, Long::sum);
            }
        }
        Concurrently.run(threads(), concurrencyTimeout(), t -> {
            for (int i = 0; i < opsPerThread(); i++) {
                Map<String, Long> next = new HashMap<>(tally.get());
                next.merge(vote(t, i), 1L, Long::sum);
                tally.set(next);
            }
        });
        assertEquals(expected, tally.get());
    }

    private static String vote(int thread, int i) {
        return (thread + i) % 3 == 0 ? "no" : "yes";
    }

    @Test
    @DisplayName("MAX from many threads ends at the largest value written")
    void maxFromManyThreads() {
        State<Long> max = store().createState(0L, votes(Atomic.MAX));
        AtomicLong largest = new AtomicLong();
        Concurrently.run(threads(), concurrencyTimeout(), t -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < opsPerThread(); i++) {
                long seen = max.get();
                long candidate = random.nextLong(1, Long.MAX_VALUE);
                if (candidate > seen) {
                    max.set(candidate);
                    largest.accumulateAndGet(candidate, Math::max);
                }
            }
        });
        assertTrue(largest.get() > 0, "some values were written");
        assertEquals(largest.get(), max.get());
    }

    @Test
    @DisplayName("APPEND from many threads keeps every element, in each thread's order")
    void appendFromManyThreads() {
        State<List<String>> log = store().createState(new TypeReference<List<String>>() { },
                List.of(), votes(Atomic.APPEND));
        int n = appendsPerThread();
        Concurrently.run(threads(), concurrencyTimeout(), t -> {
            for (int i = 0; i < n; i++) {
                List<String> next = new ArrayList<>(log.get());
                next.add(t + "-" + i);
                log.set(next);
            }
        });
        List<String> result = log.get();
        assertEquals(threads() * n, result.size(), "no element lost or doubled");
        Map<Integer, Integer> nextOfThread = new ConcurrentHashMap<>();
        for (String element : result) {
            int dash = element.indexOf('-');
            int thread = Integer.parseInt(element.substring(0, dash));
            int i = Integer.parseInt(element.substring(dash + 1));
            int expected = nextOfThread.getOrDefault(thread, 0);
            assertEquals(expected, i, "thread " + thread + "'s elements in order");
            nextOfThread.put(thread, expected + 1);
        }
    }

    @Test
    @DisplayName("UNION from many threads keeps every element once")
    void unionFromManyThreads() {
        State<List<String>> tags = store().createState(new TypeReference<List<String>>() { },
                List.of(), votes(Atomic.UNION));
        int n = appendsPerThread();
        Concurrently.run(threads(), concurrencyTimeout(), t -> {
            for (int i = 0; i < n; i++) {
                List<String> next = new ArrayList<>(tags.get());
                next.add(t + "-" + i);
                if (!next.contains("shared")) {
                    next.add("shared");
                }
                tags.set(next);
            }
        });
        List<String> result = tags.get();
        Set<String> expected = new HashSet<>(Set.of("shared"));
        for (int t = 0; t < threads(); t++) {
            for (int i = 0; i < n; i++) {
                expected.add(t + "-" + i);
            }
        }
        assertEquals(expected, new HashSet<>(result));
        assertEquals(expected.size(), result.size(), "no element twice");
    }

    @Test
    @DisplayName("racing creators with different defaults all see one value")
    void getOrCreateRace() {
        AtomicReferenceArray<State<Integer>> handles = new AtomicReferenceArray<>(threads());
        Concurrently.run(threads(), concurrencyTimeout(),
                t -> handles.set(t, store().createState(t * 10 + 1, key("race"))));
        int value = handles.get(0).get();
        assertTrue(value % 10 == 1 && value / 10 < threads(), "one of the defaults: " + value);
        for (int t = 0; t < threads(); t++) {
            assertEquals(value, handles.get(t).get(), "handle of thread " + t);
        }
        assertEquals(value, store().createState(-1, key("race")).get());
    }
}
