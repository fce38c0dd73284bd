package dev.scopedstore.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Progress of a long operation on stderr: on a terminal a bar redrawn in place with the count,
 * the rate and the time left; otherwise a plain count every few seconds. Both end with one
 * summary line, e.g. {@code copied 1,200 states in 0.8 s (1,500/s)}.
 */
final class Progress {
    private static final long REDRAW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long PLAIN_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final int BAR = 24;

    private final PrintWriter err;
    private final boolean terminal;
    private final boolean unicode;
    private final String verb;
    private final String noun;
    private final long total;
    private final long start = System.nanoTime();
    private long done;
    private long lastShown = start;
    private boolean drawn;

    /**
     * @param err where to draw
     * @param terminal whether to draw a bar
     * @param unicode whether block characters can be shown
     * @param verb what is done, in the past tense: {@code exported}
     * @param noun what is counted, plural: {@code states}
     * @param total how many there are, or a negative number if unknown
     */
    Progress(PrintWriter err, boolean terminal, boolean unicode, String verb, String noun, long total) {
        this.err = err;
        this.terminal = terminal;
        this.unicode = unicode;
        this.verb = verb;
        this.noun = noun;
        this.total = total;
    }

    /** @param n how many more are done */
    void advance(long n) {
        done += n;
        long now = System.nanoTime();
        if (now - lastShown >= (terminal ? REDRAW_NANOS : PLAIN_NANOS)) {
            lastShown = now;
            if (terminal) {
                err.print("\r" + bar(now) + "\u001b[K");
                drawn = true;
            } else {
                err.println(verb + " " + number(done) + (total >= 0 ? " of " + number(total) : "")
                        + " " + noun + "...");
            }
            err.flush();
        }
    }

    /** @return how many are done */
    long done() {
        return done;
    }

    /** Clears the bar and prints the summary line. */
    void finish() {
        finish("");
    }

    /** @param suffix what to add to the summary line, e.g. {@code " from A to B"} */
    void finish(String suffix) {
        if (drawn) {
            err.print("\r\u001b[K");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        err.println(verb + " " + number(done) + " " + noun + " in "
                + String.format(Locale.ROOT, "%.1f", seconds) + " s (" + rate(done, seconds) + ")" + suffix);
        err.flush();
    }

    /** The bar line: {@code [████░░░░] 1,200/5,000 24%  1,500/s  ETA 0:03}. */
    String bar(long now) {
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        StringBuilder line = new StringBuilder();
        if (total > 0) {
            double fraction = Math.min(1.0, (double) done / total);
            line.append(bar(fraction, unicode)).append(' ').append(number(done)).append('/')
                    .append(number(total)).append(String.format(Locale.ROOT, " %3d%%", (int) (fraction * 100)));
        } else {
            line.append(verb).append(' ').append(number(done)).append(' ').append(noun);
        }
        line.append("  ").append(rate(done, seconds));
        if (total > 0 && done > 0) {
            long left = (long) ((total - done) * seconds / done);
            line.append("  ETA ").append(duration(left));
        }
        return line.toString();
    }

    /** @return {@code [████░░░░]} for a fraction between 0 and 1 */
    static String bar(double fraction, boolean unicode) {
        int full = (int) Math.round(fraction * BAR);
        String on = unicode ? "█" : "#";
        String off = unicode ? "░" : ".";
        return "[" + on.repeat(full) + off.repeat(BAR - full) + "]";
    }

    static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String rate(long count, double seconds) {
        return number(seconds <= 0 ? count : Math.round(count / seconds)) + "/s";
    }

    static String duration(long seconds) {
        return seconds >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
