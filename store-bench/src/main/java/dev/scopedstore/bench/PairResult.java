package dev.scopedstore.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The rounds of one pair at one thread count: ops/s and allocation (bytes/op) of each side,
 * per round, and the per-round ratio project/raw.
 */
record PairResult(Pair pair, int threads, double[] project, double[] raw,
                  double[] projectBytes, double[] rawBytes) {

    /** The markdown header matching {@link #markdownRow()}. */
    static final String MARKDOWN_HEADER = """
            | pair | threads | ratio project/raw (median) | spread (min–max) | project ops/s (median) \
            | raw ops/s (median) | project B/op | raw B/op | target | per-round ratios |
            |---|---:|---:|---:|---:|---:|---:|---:|---|---|""";

    double[] ratios() {
        double[] ratios = new double[project.length];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = project[i] / raw[i];
        }
        return ratios;
    }

    /** @return one row of the results table */
    String markdownRow() {
        double[] ratios = ratios();
        double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        double median = median(ratios);
        String target = Double.isNaN(pair.target()) ? "—"
                : String.format(Locale.ROOT, "≥ %s× %s", java.math.BigDecimal.valueOf(pair.target()).stripTrailingZeros().toPlainString(),
                        median >= pair.target() ? "met" : "missed");
        return String.format(Locale.ROOT,
                "| %s | %d | **%.2f×** | %.2f–%.2f | %s | %s | %s | %s | %s | %s |",
                pair.name(), threads, median, sorted[0], sorted[sorted.length - 1],
                ops(median(project)), ops(median(raw)), bytes(projectBytes), bytes(rawBytes),
                target, Arrays.stream(ratios).mapToObj(r -> String.format(Locale.ROOT, "%.2f", r))
                        .collect(Collectors.joining(" ")));
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String ops(double opsPerSecond) {
        if (opsPerSecond < 100_000) {
            return String.format(Locale.ROOT, "%.1f k", opsPerSecond / 1e3);
        }
        return String.format(Locale.ROOT, "%.1f M", opsPerSecond / 1e6);
    }

    private static String bytes(double[] perRound) {
        double median = median(perRound);
        return Double.isNaN(median) ? "—" : String.format(Locale.ROOT, "%.0f", median);
    }
}
