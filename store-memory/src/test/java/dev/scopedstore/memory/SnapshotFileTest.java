package dev.scopedstore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scopedstore.BackendUnavailableException;
import dev.scopedstore.State;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import dev.scopedstore.StoreConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The memory backend's snapshot file")
class SnapshotFileTest {
    private static final StateOptions VOTES = StateOptions.key("votes").scope("poll.42");

    @TempDir
    Path dir;

    private String url(Path file) {
        return "memory:" + file + "?flushInterval=1h";
    }

    @Test
    @DisplayName("keeps values, labels and versions across close and reopen")
    void survivesReopen() {
        Path file = dir.resolve("states.jsonl");
        long version;
        try (Store store = Store.open(url(file))) {
            State<Integer> votes = store.createState(0, VOTES.labels("poll-widget"));
            votes.set(41);
            votes.update(n -> n + 1);
            version = votes.version();
        }
        try (Store store = Store.open(url(file))) {
            State<Integer> votes = store.createState(0, VOTES);
            assertEquals(42, votes.get());
            assertEquals(version, votes.version());
            assertEquals(1, store.purgeLabels("poll-widget"));
        }
    }

    @Test
    @DisplayName("never reuses a version of a state deleted before the restart")
    void versionsSurviveDeletion() {
        Path file = dir.resolve("states.jsonl");
        long deletedAt;
        try (Store store = Store.open(url(file))) {
            State<Integer> votes = store.createState(0, VOTES);
            for (int i = 0; i < 10; i++) {
                votes.set(i);
            }
            deletedAt = votes.version();
            votes.delete();
        }
        try (Store store = Store.open(url(file))) {
            State<Integer> votes = store.createState(0, VOTES);
            assertTrue(votes.version() > deletedAt, "re-created at " + votes.version()
                    + ", deleted at " + deletedAt);
            assertFalse(votes.setIfVersion(deletedAt, 7));
        }
    }

    @Test
    @DisplayName("is written every flush interval, not only on close")
    void flushesPeriodically() throws Exception {
        Path file = dir.resolve("states.jsonl");
        try (Store store = Store.open("memory:" + file + "?flushInterval=100ms")) {
            store.createState(0, VOTES).set(5);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!containsVotes(file) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(containsVotes(file), "the snapshot was not written while the store was open");
        }
    }

    @Test
    @DisplayName("refuses a second store on the same file instead of overwriting its writes")
    void lockedAgainstSecondStore() {
        Path file = dir.resolve("states.jsonl");
        try (Store first = Store.open(url(file))) {
            first.createState(0, VOTES).set(1);
            BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                    () -> Store.open(url(file)));
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        }
        try (Store again = Store.open(url(file))) {
            assertEquals(1, again.createState(0, VOTES).get());
        }
    }

    @Test
    @DisplayName("reports a corrupt file by name and line and leaves it untouched")
    void corruptFile() throws IOException {
        Path file = dir.resolve("states.jsonl");
        try (Store store = Store.open(url(file))) {
            store.createState(0, VOTES).set(1);
            store.createState(0, StateOptions.key("other").scope("poll.42")).set(2);
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        lines.set(2, lines.get(2).substring(0, lines.get(2).length() / 2));
        Files.write(file, lines, StandardCharsets.UTF_8);
        byte[] before = Files.readAllBytes(file);

        StoreConfigurationException e = assertThrows(StoreConfigurationException.class,
                () -> Store.open(url(file)));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        assertEquals(new String(before, StandardCharsets.UTF_8),
                new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("keeps the previous snapshot when writing a new one fails")
    void failedWriteKeepsPrevious() throws IOException {
        Path file = dir.resolve("states.jsonl");
        try (Store store = Store.open(url(file))) {
            store.createState(0, VOTES).set(1);
        }
        byte[] previous = Files.readAllBytes(file);
        Path temp = dir.resolve("states.jsonl.tmp");
        Files.createDirectory(temp);
        Files.writeString(temp.resolve("blocker"), "a directory where the temporary file goes");
        Store store = Store.open(url(file));
        store.createState(0, VOTES).set(2);
        assertThrows(RuntimeException.class, store::close);
        assertEquals(new String(previous, StandardCharsets.UTF_8),
                new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    }

    private static boolean containsVotes(Path file) throws IOException {
        return Files.exists(file) && Files.readString(file).contains("\"votes\"");
    }

    @Test
    @DisplayName("is written by a close on an interrupted thread, which stays interrupted")
    void closedByInterruptedThread() {
        Path file = dir.resolve("states.jsonl");
        Store store = Store.open(url(file));
        store.createState(0, VOTES).set(7);
        Thread.currentThread().interrupt();
        try {
            store.close();
            assertTrue(Thread.currentThread().isInterrupted(), "the caller's interrupt is kept");
        } finally {
            Thread.interrupted();
        }
        try (Store again = Store.open(url(file))) {
            assertEquals(7, again.createState(0, VOTES).get());
        }
    }

    @Test
    @DisplayName("a close during a periodic flush lets it finish: nothing logged, the last write kept")
    void closeDuringFlush() {
        Path file = dir.resolve("states.jsonl");
        Logger logger = Logger.getLogger(Maintenance.class.getName());
        List<LogRecord> logged = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public synchronized void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            for (int round = 0; round < 20; round++) {
                try (Store store = Store.open("memory:" + file + "?flushInterval=1ms")) {
                    for (int i = 0; i < 2_000; i++) {
                        store.createState(0, StateOptions.key("k" + i).scope("bulk")).set(round);
                    }
                    store.createState(0, VOTES).set(round);
                }
                synchronized (handler) {
                    assertEquals(List.of(), logged.stream().filter(r -> r.getLevel().intValue()
                            >= Level.WARNING.intValue()).map(LogRecord::getMessage).toList(), "round " + round);
                }
                try (Store again = Store.open(url(file))) {
                    assertEquals(round, again.createState(-1, VOTES).get(), "round " + round);
                }
            }
        } finally {
            logger.removeHandler(handler);
        }
    }
}
