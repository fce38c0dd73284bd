package dev.scopedstore.cli;

import static dev.scopedstore.cli.Cli.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import dev.scopedstore.cli.Cli.Run;
import java.io.StringWriter;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code watch}, on a backend shared with the test's own store. */
class WatchCommandTest {

    @Test
    void watchPrintsChangesUnderTheScopeUntilTheCount() throws Exception {
        String url = "shared:" + UUID.randomUUID();
        try (Store store = Store.open(url)) {
            store.createState("old", StateOptions.key("x").scope("poll.42.a"));
        }
        StringWriter err = new StringWriter();
        CompletableFuture<Run> watching = CompletableFuture.supplyAsync(() -> Cli.run(cli -> { },
                new StringWriter(), err, on(url, "watch", "poll", "--count", "3")));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!err.toString().contains("watching") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(err.toString().startsWith("watching poll on " + url + " for 3 changes"), err::toString);

        try (Store store = Store.open(url)) {
            store.createState(0, StateOptions.key("other").scope("pollster")).set(1);
            // one write per state: a subscriber may skip intermediate versions of one state
            store.createState(3, StateOptions.key("votes").scope("poll.42"));
            store.createState("Lunch?", StateOptions.key("title").scope("poll"));
            store.deleteState(StateOptions.key("x").scope("poll.42.a"));
        }

        Run run = watching.get(10, TimeUnit.SECONDS);
        assertEquals(ScopedStoreCommand.OK, run.exitCode(), run::toString);
        List<String> lines = run.outLines();
        assertEquals(3, lines.size(), run::toString);
        // across states in any order
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?  poll\\.42  votes  v\\d+  3")),
                run::toString);
        assertTrue(lines.stream().anyMatch(l -> l.matches(".*  poll  title  v\\d+  \"Lunch\\?\"")), run::toString);
        assertTrue(lines.stream().anyMatch(l -> l.matches(".*  poll\\.42\\.a  x  v\\d+  deleted")), run::toString);
        assertTrue(lines.stream().noneMatch(l -> l.contains("pollster")), run::toString);
    }
}
