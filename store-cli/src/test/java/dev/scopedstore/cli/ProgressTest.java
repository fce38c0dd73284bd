package dev.scopedstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The progress bar and the plain counts. */
class ProgressTest {

    @Test
    void theBarShowsCountPercentRateAndTimeLeft() {
        Progress progress = new Progress(new PrintWriter(new StringWriter()), true, true, "copied", "states", 1_000);
        progress.advance(250);

        String bar = progress.bar(System.nanoTime() + 1_000_000_000L);

        assertTrue(bar.matches("\\[█{6}░{18}\\] 250/1,000  25%  \\d+/s  ETA 0:0\\d"), bar);
        assertEquals("[########................]", Progress.bar(1 / 3.0, false));
    }

    @Test
    void withoutATerminalOnlyTheSummaryIsPrintedForAShortRun() {
        StringWriter err = new StringWriter();
        Progress progress = new Progress(new PrintWriter(err), false, true, "imported", "states", 3);
        progress.advance(3);
        progress.finish();

        assertTrue(err.toString().matches("imported 3 states in \\d+\\.\\d s \\([\\d,]+/s\\)\\R"), err::toString);
        assertEquals("1:01:01", Progress.duration(3661));
    }
}
