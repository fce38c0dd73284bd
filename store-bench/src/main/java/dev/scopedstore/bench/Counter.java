package dev.scopedstore.bench;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Per benchmark thread: the next value to write, pre-boxed (see {@link Fixture#value}). */
@State(Scope.Thread)
public class Counter {
    private int next;

    /** @return a value that differs from the previous one */
    public Integer next() {
        return Fixture.value(next++);
    }
}
