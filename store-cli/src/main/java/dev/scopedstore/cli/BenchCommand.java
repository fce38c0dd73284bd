package dev.scopedstore.cli;

import dev.scopedstore.Atomic;
import dev.scopedstore.Scope;
import dev.scopedstore.ScopeQuery;
import dev.scopedstore.State;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code scoped-store bench}: threads that run gets, then sets, then equation increments
 * ({@code counter.set(counter.get() + 1)} on a {@link Atomic#SUM} state), a third of the time
 * each, against the chosen backend; then ops/s and p50/p99 latency per operation, and a check
 * that no increment was lost. It works in a scope of its own ({@code bench.<random>}) and drops it at the end.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures get, set and equation increment (set(get() + 1) on a SUM state) from"
                + " several threads, a third of the time each: ops/s and p50/p99 latency per operation.",
            "Works in a scope of its own, bench.<random>, dropped at the end; exit code 1 if an increment was lost."})
final class BenchCommand implements Callable<Integer> {
    private static final String[] OPERATIONS = {"get", "set", "increment"};

    @ParentCommand
    private ScopedStoreCommand root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "4", description = "Threads (default: ${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "10", description = "How long to run (default: ${DEFAULT-VALUE}).")
    private int seconds;

    @Override
    public Integer call() throws InterruptedException {
        if (threads < 1 || seconds < 1) {
            throw CliException.usage("--threads and --seconds must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        String scope = "bench." + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
        Latencies[][] latencies = new Latencies[threads][OPERATIONS.length];
        long[] increments = new long[threads];
        long counted;
        long[] phases;
        try (Store store = root.openStore()) {
            out.println("bench on " + root.shownUrl() + ": " + threads + " threads, " + seconds + " s, scope " + scope);
            out.flush();
            try {
                State<Long> value = store.createState(0L, StateOptions.key("value").scope(scope));
                State<Long> counter = store.createState(0L, StateOptions.key("counter").scope(scope).atomic(Atomic.SUM));
                phases = run(value, counter, latencies, increments);
                counted = counter.get();
            } finally {
                store.dropScope(ScopeQuery.of(Scope.parse(scope), false));
            }
        }
        report(out, latencies, phases);
        long expected = 0;
        for (long n : increments) {
            expected += n;
        }
        boolean ok = counted == expected;
        out.println((ok ? root.symbol("✓", "[ok]") : root.symbol("✗", "[FAILED]")) + " counter = "
                + Progress.number(counted) + " after " + Progress.number(expected) + " increments"
                + (ok ? " (none lost)" : ""));
        out.flush();
        return ok ? ScopedStoreCommand.OK : ScopedStoreCommand.FAILED;
    }

    /** Runs the operations one after another, each for a third of the time; returns each one's nanoseconds. */
    private long[] run(State<Long> value, State<Long> counter, Latencies[][] latencies, long[] increments)
            throws InterruptedException {
        long total = TimeUnit.SECONDS.toNanos(seconds);
        long start = System.nanoTime();
        long[] phases = new long[OPERATIONS.length];
        LongAdder ops = new LongAdder();
        List<RuntimeException> failures = new ArrayList<>();
        for (int op = 0; op < OPERATIONS.length && failures.isEmpty(); op++) {
            long phaseStart = System.nanoTime();
            long deadline = start + total * (op + 1) / OPERATIONS.length;
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Latencies mine = latencies[t][op] = new Latencies();
                int index = t;
                int operation = op;
                Thread worker = new Thread(() -> {
                    try {
                        for (long i = 0; System.nanoTime() < deadline; i++) {
                            long t0 = System.nanoTime();
                            switch (operation) {
                                case 0 -> value.get();
                                case 1 -> value.set(i);
                                default -> {
                                    counter.set(counter.get() + 1);
                                    increments[index]++;
                                }
                            }
                            mine.record(System.nanoTime() - t0);
                            ops.increment();
                        }
                    } catch (RuntimeException e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                }, "scoped-store-bench-" + t);
                worker.setDaemon(true);
                workers.add(worker);
                worker.start();
            }
            for (Thread worker : workers) {
                while (worker.isAlive()) {
                    worker.join(200);
                    drawBar(start, total, OPERATIONS[op], ops.sum());
                }
            }
            phases[op] = System.nanoTime() - phaseStart;
        }
        PrintWriter err = spec.commandLine().getErr();
        if (root.showsBar()) {
            err.print("\r\u001b[K");
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        err.println("ran " + Progress.number(ops.sum()) + " operations in "
                + String.format(Locale.ROOT, "%.1f", elapsed) + " s");
        err.flush();
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        return phases;
    }

    private void drawBar(long start, long total, String operation, long ops) {
        if (root.showsBar()) {
            long now = System.nanoTime();
            PrintWriter err = spec.commandLine().getErr();
            err.print("\r" + Progress.bar(Math.min(1.0, (now - start) / (double) total), root.unicode()) + " "
                    + (now - start) / 1_000_000_000 + "/" + seconds + " s  " + operation + "  "
                    + Progress.number(ops) + " ops\u001b[K");
            err.flush();
        }
    }

    private void report(PrintWriter out, Latencies[][] latencies, long[] phases) {
        Table table = new Table(out, "OPERATION", "OPS/S", "P50", "P99", "COUNT");
        String micro = root.symbol("µ", "u");
        for (int o = 0; o < OPERATIONS.length; o++) {
            Latencies all = new Latencies();
            for (Latencies[] thread : latencies) {
                all.add(thread[o]);
            }
            table.add(OPERATIONS[o], Progress.number(Math.round(all.count() / (phases[o] / 1e9))),
                    Latencies.format(all.percentile(0.50), micro), Latencies.format(all.percentile(0.99), micro),
                    String.format(Locale.ROOT, "%,d", all.count()));
        }
        table.flush();
    }
}
