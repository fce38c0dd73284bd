package dev.scopedstore.bench;

import dev.scopedstore.State;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;

/**
 * Per benchmark thread: its own scope of {@link Fixture#STATES} states that the bulk pairs of
 * {@link PostgresBenchmark} write, and the same ids as the arrays the raw {@code unnest}
 * upsert binds. Callers handling different sessions write different states; were all threads
 * to write the same 1,000 rows, each statement would wait for the row locks of the one before
 * and the pairs would measure that queue instead of the cost of a bulk write.
 */
@org.openjdk.jmh.annotations.State(Scope.Thread)
public class PostgresBulkStates {
    private static final AtomicInteger THREADS = new AtomicInteger();

    Map<State<Integer>, Integer> values;
    String[] scopes;
    String[] keys;
    String[] labels;
    Long[] ttls;
    Long[] expiries;

    /**
     * Creates this thread's states.
     *
     * @param bench the benchmark, whose store creates them
     */
    @Setup
    public void setUp(PostgresBenchmark bench) {
        Store store = bench.store();
        String scope = PostgresBenchmark.SCOPE + ".t" + THREADS.getAndIncrement();
        values = new LinkedHashMap<>();
        keys = new String[Fixture.STATES];
        for (int i = 0; i < Fixture.STATES; i++) {
            keys[i] = Fixture.key(i);
            values.put(store.createState(42, StateOptions.key(keys[i]).scope(scope)), 42);
        }
        scopes = new String[Fixture.STATES];
        Arrays.fill(scopes, scope);
        labels = new String[Fixture.STATES];
        Arrays.fill(labels, "[]");
        ttls = new Long[Fixture.STATES];
        Arrays.fill(ttls, 0L);
        expiries = new Long[Fixture.STATES];
        Arrays.fill(expiries, Long.MAX_VALUE);
    }
}
