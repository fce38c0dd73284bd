package dev.scopedstore.cli;

import static dev.scopedstore.cli.Cli.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scopedstore.cli.Cli.Run;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code bench}, briefly, and its latency histogram. */
class BenchCommandTest {

    @Test
    void benchReportsEachOperationAndLosesNoIncrement() {
        String url = "shared:" + UUID.randomUUID();
        Run run = Cli.run(on(url, "bench", "--threads", "2", "--seconds", "1"));

        assertEquals(ScopedStoreCommand.OK, run.exitCode(), run::toString);
        List<String> lines = run.outLines();
        assertTrue(lines.get(0).startsWith("bench on " + url + ": 2 threads, 1 s, scope bench."), run::toString);
        assertTrue(lines.get(1).matches("OPERATION +OPS/S +P50 +P99 +COUNT"), run::toString);
        for (int i = 0; i < 3; i++) {
            assertTrue(lines.get(2 + i).matches("(get|set|increment) +[\\d,]+ +[\\d.]+ (ns|µs|ms) +[\\d.]+ (ns|µs|ms) +[\\d,]+"),
                    run::toString);
        }
        assertTrue(lines.get(5).matches("✓ counter = ([\\d,]+) after \\1 increments \\(none lost\\)"), run::toString);
        assertTrue(run.err().startsWith("ran "), run::toString);
        // the bench scope is dropped
        assertEquals("", Cli.run(on(url, "ls")).out());
    }

    @Test
    void badOptionsAreUsageErrors() {
        Run run = Cli.run(on("memory:", "bench", "--threads", "0"));
        assertEquals(ScopedStoreCommand.USAGE, run.exitCode(), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
    }

    @Test
    void percentilesAreWithinABucketOfTheTruth() {
        Latencies latencies = new Latencies();
        for (long n = 1; n <= 10_000; n++) {
            latencies.record(n * 1_000);
        }
        long p50 = latencies.percentile(0.50);
        long p99 = latencies.percentile(0.99);
        assertTrue(p50 <= 5_000_000 && p50 > 5_000_000 * 0.96, () -> "p50 " + p50);
        assertTrue(p99 <= 9_900_000 && p99 > 9_900_000 * 0.96, () -> "p99 " + p99);
        for (long v : new long[] {0, 1, 31, 32, 33, 63, 64, 1_000_003, Long.MAX_VALUE}) {
            long bound = Latencies.lowerBound(Latencies.index(v));
            assertTrue(bound <= v && (v < 32 ? bound == v : bound > v - v / 32 - 1), () -> v + " -> " + bound);
        }
        assertEquals("12.4 µs", Latencies.format(12_400, "µ"));
        assertEquals("3.10 ms", Latencies.format(3_100_000, "µ"));
    }
}
