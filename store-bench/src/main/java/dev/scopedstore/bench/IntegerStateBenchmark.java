package dev.scopedstore.bench;

import dev.scopedstore.State;
import dev.scopedstore.Store;
import java.util.concurrent.ConcurrentHashMap;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the get, set and update pairs share: a filled memory store with a handle on the
 * measured {@code State<Integer>}, and the raw map filled alike with its measured key.
 */
@org.openjdk.jmh.annotations.State(Scope.Benchmark)
public abstract class IntegerStateBenchmark {
    /** The store under test. */
    protected Store store;
    /** The measured state. */
    protected State<Integer> handle;
    /** The raw baseline. */
    protected ConcurrentHashMap<RawMap.Key, RawMap.Versioned> map;
    /** The raw baseline's measured key. */
    protected RawMap.Key key;

    /** Fills the store and the map alike. */
    @Setup
    public void setUp() {
        store = Fixture.openFilled(initialValue());
        handle = store.createState(0, Fixture.options());
        map = RawMap.filled(initialValue());
        key = RawMap.measuredKey();
    }

    /** @return the value every state and map entry starts with */
    protected int initialValue() {
        return 42;
    }

    /** Closes the store. */
    @TearDown
    public void tearDown() {
        store.close();
    }
}
