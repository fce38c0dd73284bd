package dev.scopedstore.bench;

import dev.scopedstore.State;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import dev.scopedstore.session.ClientSession;
import dev.scopedstore.session.ClientSessions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A client session's whole life — {@code connect}, one {@code heartbeat}, {@code close} — next
 * to one plain {@code State.set} on the same store, per backend (one subclass each). The life
 * is two writes to connect (liveness, then the record), one touch, and
 * five round trips to end (liveness, claim, record, and the deletion of record and claim), so
 * the ratio tells what a session costs in sets.
 *
 * <pre>{@code
 * java -Dbench.pairs=session-lifecycle-vs-set -cp … dev.scopedstore.bench.PairedRunner
 * }</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@org.openjdk.jmh.annotations.State(Scope.Benchmark)
public abstract class SessionBenchmark {
    private Store store;
    private ClientSessions sessions;
    private State<Integer> plain;

    /** @return the store under test, opened */
    protected abstract Store open();

    /** Opens the store and its sessions (swept by nobody: every session measured is closed). */
    @Setup
    public void setUp() {
        store = open();
        sessions = ClientSessions.builder(store).registryScope("bench.sessions")
                .sweepInterval(Duration.ZERO).build();
        plain = store.createState(0, StateOptions.key("plain").scope("bench.session-set"));
    }

    /** Closes the sessions and the store. */
    @TearDown
    public void tearDown() {
        sessions.close();
        store.close();
    }

    /** Connects, heartbeats once, closes. */
    @Benchmark
    public void lifecycle() {
        ClientSession session = sessions.connect();
        session.heartbeat();
        session.close();
    }

    /**
     * One plain write.
     *
     * @param counter the next value
     */
    @Benchmark
    public void set(Counter counter) {
        plain.set(counter.next());
    }
}
