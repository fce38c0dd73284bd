package dev.scopedstore.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs each {@link Pair} as alternating single-fork rounds (project, then raw, then project…),
 * so both sides of a round see the same machine, and reports the median ratio project/raw with
 * its spread. Absolute figures from two runs on a shared 2-core machine never compare; ratios
 * from one round do.
 *
 * <pre>{@code
 * ./mvnw -q -pl store-bench -am package -DskipTests
 * java -Dbench.rounds=3 -Dbench.warmup=2 -Dbench.measure=3 \
 *     -cp "store-bench/target/classes:$(cat store-bench/target/classpath.txt)" \
 *     dev.scopedstore.bench.PairedRunner
 * }</pre>
 *
 * System properties (defaults in brackets): {@code bench.rounds} [5], {@code bench.warmup}
 * warmup iterations [3], {@code bench.measure} measured iterations [3], {@code bench.seconds}
 * per iteration [1], {@code bench.threads} [1,2], {@code bench.pairs} names to run [all],
 * {@code bench.gc} allocation per op with JMH's GC profiler [true], {@code bench.jvmArgs} of
 * each fork [-Xms1g -Xmx1g], {@code bench.out} the markdown table
 * [store-bench/target/paired-results.md], {@code bench.suite} {@code memory}, {@code postgres},
 * {@code redis} (Redis at {@code bench.redis.url}, default {@code redis://127.0.0.1:6379}) or
 * {@code dynamodb} (at {@code SCOPEDSTORE_TEST_DYNAMODB_ENDPOINT}, default dynalite on
 * {@code http://127.0.0.1:4567}) [memory].
 */
public final class PairedRunner {
    private static final String PACKAGE = PairedRunner.class.getPackageName();

    private PairedRunner() {
    }

    /**
     * @param args ignored; see the class javadoc for the system properties
     * @throws RunnerException if JMH fails
     * @throws IOException if the table cannot be written
     */
    public static void main(String[] args) throws RunnerException, IOException {
        int rounds = Integer.getInteger("bench.rounds", 5);
        List<String> wanted = list(System.getProperty("bench.pairs", ""));
        int[] threadCounts = list(System.getProperty("bench.threads", "1,2")).stream()
                .mapToInt(Integer::parseInt).toArray();
        Path out = Path.of(System.getProperty("bench.out", "store-bench/target/paired-results.md"));

        List<String> lines = new ArrayList<>();
        lines.add("<!-- " + ZonedDateTime.now() + ", " + Runtime.getRuntime().availableProcessors()
                + " processors, " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version") + ", " + settings(rounds) + " -->");
        lines.add(PairResult.MARKDOWN_HEADER);
        System.out.println(PairResult.MARKDOWN_HEADER);
        for (Pair pair : Pair.suite()) {
            if (!wanted.isEmpty() && !wanted.contains(pair.name())) {
                continue;
            }
            for (int threads : threadCounts) {
                String row = runPair(pair, threads, rounds).markdownRow();
                System.out.println(row);
                lines.add(row);
            }
        }
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.write(out, lines, StandardCharsets.UTF_8);
        System.out.println("written to " + out.toAbsolutePath());
    }

    private static PairResult runPair(Pair pair, int threads, int rounds) throws RunnerException {
        double[] project = new double[rounds];
        double[] raw = new double[rounds];
        double[] projectBytes = new double[rounds];
        double[] rawBytes = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            RunResult p = runOne(pair.project(), threads);
            RunResult r = runOne(pair.raw(), threads);
            project[round] = p.getPrimaryResult().getScore();
            raw[round] = r.getPrimaryResult().getScore();
            projectBytes[round] = bytesPerOp(p);
            rawBytes[round] = bytesPerOp(r);
            System.err.printf(Locale.ROOT, "# %s t=%d round %d/%d: project %.0f ops/s, raw %.0f ops/s,"
                    + " ratio %.3f%n", pair.name(), threads, round + 1, rounds, project[round],
                    raw[round], project[round] / raw[round]);
        }
        return new PairResult(pair, threads, project, raw, projectBytes, rawBytes);
    }

    private static RunResult runOne(String method, int threads) throws RunnerException {
        int seconds = Integer.getInteger("bench.seconds", 1);
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + Pattern.quote(PACKAGE + "." + method) + "$")
                .forks(1)
                .threads(threads)
                .warmupIterations(Integer.getInteger("bench.warmup", 3))
                .warmupTime(TimeValue.seconds(seconds))
                .measurementIterations(Integer.getInteger("bench.measure", 3))
                .measurementTime(TimeValue.seconds(seconds))
                .timeUnit(TimeUnit.SECONDS)
                .jvmArgs(System.getProperty("bench.jvmArgs", "-Xms1g -Xmx1g").split("\\s+"))
                .shouldFailOnError(true)
                .verbosity(Boolean.getBoolean("bench.verbose") ? VerboseMode.NORMAL : VerboseMode.SILENT);
        if (Boolean.parseBoolean(System.getProperty("bench.gc", "true"))) {
            options.addProfiler(GCProfiler.class);
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        if (results.size() != 1) {
            throw new IllegalStateException(method + " matched " + results.size() + " benchmarks");
        }
        return results.iterator().next();
    }

    /** @return the GC profiler's normalized allocation rate, or NaN without the profiler */
    private static double bytesPerOp(RunResult result) {
        for (Map.Entry<String, Result> secondary : result.getSecondaryResults().entrySet()) {
            if (secondary.getKey().endsWith("gc.alloc.rate.norm")) {
                return secondary.getValue().getScore();
            }
        }
        return Double.NaN;
    }

    private static String settings(int rounds) {
        return String.format(Locale.ROOT, "rounds=%d warmup=%dx%ds measure=%dx%ds forks=1 jvmArgs=%s",
                rounds, Integer.getInteger("bench.warmup", 3), Integer.getInteger("bench.seconds", 1),
                Integer.getInteger("bench.measure", 3), Integer.getInteger("bench.seconds", 1),
                System.getProperty("bench.jvmArgs", "-Xms1g -Xmx1g"));
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
