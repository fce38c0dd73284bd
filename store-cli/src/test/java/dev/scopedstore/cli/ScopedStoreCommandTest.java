package dev.scopedstore.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scopedstore.BackendUnavailableException;
import dev.scopedstore.ScopeQuery;
import dev.scopedstore.StateEntry;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import dev.scopedstore.StateConflictException;
import dev.scopedstore.StoreException;
import dev.scopedstore.cli.Cli.Run;
import java.net.ConnectException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Runs the tool in-process, as {@code main} does, with stdout and stderr captured. */
class ScopedStoreCommandTest {

    private static Run run(String... args) {
        return Cli.run(args);
    }

    private static Run run(Consumer<CommandLine> setup, String... args) {
        return Cli.run(setup, args);
    }

    @Test
    void tourPassesEveryStep() {
        Run run = run("--url", "memory:", "tour");

        assertEquals(ScopedStoreCommand.OK, run.exitCode(), run::toString);
        List<String> steps = run.outLines().stream()
                .filter(line -> line.matches("^[✓✗] \\d+\\. .*"))
                .collect(Collectors.toList());
        assertEquals(TourCommand.STEPS, steps.size(), run::toString);
        for (int i = 0; i < steps.size(); i++) {
            assertTrue(steps.get(i).startsWith("✓ " + (i + 1) + ". "), run::toString);
        }
        assertTrue(run.out().startsWith("Scoped Store tour on memory:"), run::toString);
        assertTrue(run.out().contains("chat.$client~alice"), run::toString);
        assertTrue(run.out().contains("MissingScopeContextException"), run::toString);
        assertTrue(run.out().contains("→ 8,000"), run::toString);
        assertTrue(run.out().endsWith("All 6 checks passed." + System.lineSeparator()), run::toString);
        assertEquals("", run.err(), run::toString);
    }

    @Test
    void tourLeavesTheUsersStatesAndNothingOfItsOwn(@TempDir Path dir) {
        String url = "memory:" + dir.resolve("states.jsonl");
        try (Store store = Store.open(url)) {
            store.createState(4, StateOptions.key("votes").scope("poll.42"));
        }
        Run run = run("--url", url, "tour");

        assertEquals(ScopedStoreCommand.OK, run.exitCode(), run::toString);
        assertTrue(run.out().contains("Dropped the tour's "), run::toString);
        try (Store store = Store.open(url); Stream<StateEntry> states = store.states(ScopeQuery.all())) {
            List<String> left = states.map(e -> e.id().scope().canonical() + "/" + e.id().key() + "=" + e.value())
                    .collect(Collectors.toList());
            assertEquals(List.of("poll.42/votes=4"), left, run::toString);
        }
    }

    @Test
    void aSnapshotFileInUseByAnotherStoreIsTheBackendBeingUnavailable(@TempDir Path dir) {
        String url = "memory:" + dir.resolve("busy.jsonl");
        try (Store holder = Store.open(url)) {
            Run run = run("--url", url, "ls");
            assertEquals(ScopedStoreCommand.UNAVAILABLE, run.exitCode(), run::toString);
            assertTrue(run.err().contains("is in use by another process or store"), run::toString);
        }
    }

    @Test
    void aFailedCheckIsMarkedAndExitsWithOne() {
        // a backend whose putIfVersion ignores the version: step 5 must catch it
        Run run = run("--url", "lost-conflicts:", "tour");

        assertEquals(ScopedStoreCommand.FAILED, run.exitCode(), run::toString);
        List<String> lines = run.outLines();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("✗ 5. version conflict: setIfVersion(")),
                run::toString);
        assertEquals(5, lines.stream().filter(l -> l.startsWith("✓ ")).count(), run::toString);
        assertEquals("1 of 6 checks failed.", lines.get(lines.size() - 1), run::toString);
    }

    @Test
    void anUnreachableBackendExitsWithThree() {
        Run run = run("--url", "down:", "tour");

        assertEquals(ScopedStoreCommand.UNAVAILABLE, run.exitCode(), run::toString);
        assertEquals(List.of("scoped-store: backend unavailable: down://db:1 refused the connection"),
                run.errLines(), run::toString);
    }

    @Test
    void tourHelpPrintsItsUsage() {
        for (String[] args : List.of(new String[] {"tour", "--help"}, new String[] {"help", "tour"})) {
            Run run = run(args);

            assertEquals(ScopedStoreCommand.OK, run.exitCode(), run::toString);
            assertTrue(run.out().startsWith("Usage: scoped-store tour"), run::toString);
            assertTrue(run.out().contains("--url=URL"), run::toString);
            assertTrue(run.out().contains("Exit codes:"), run::toString);
        }
    }

    @Test
    void topLevelHelpListsEveryCommand() {
        Run run = run("--help");

        assertEquals(ScopedStoreCommand.OK, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("Usage: scoped-store"), run::toString);
        for (String command : COMMANDS) {
            assertTrue(run.out().contains("  " + command + "  "), () -> command + " missing in\n" + run);
        }
        assertTrue(run.out().contains("4   conflict"), run::toString);
    }

    static final List<String> COMMANDS = List.of("ls", "get", "set", "add", "rm", "drop", "watch",
            "export", "import", "copy", "bench", "tour", "completion");

    @Test
    void everyCommandHasHelp() {
        for (String command : COMMANDS) {
            Run run = run(command, "--help");

            assertEquals(ScopedStoreCommand.OK, run.exitCode(), run::toString);
            assertTrue(run.out().startsWith("Usage: scoped-store " + command), run::toString);
            assertTrue(run.out().contains("--url=URL"), run::toString);
        }
    }

    @Test
    void completionPrintsABashScriptNamingTheCommands() {
        Run run = run("completion");

        assertEquals(ScopedStoreCommand.OK, run.exitCode(), run::toString);
        assertTrue(run.out().startsWith("#!/usr/bin/env bash"), run::toString);
        assertTrue(run.out().contains("complete -F _complete_scoped-store"), run::toString);
        for (String command : COMMANDS) {
            assertTrue(run.out().contains(command), command);
        }
        assertEquals("", run.err(), run::toString);
    }

    @Test
    void theDefaultStoreIsAFileUnderTheWorkingDirectoryUnlessConfigured() {
        ScopedStoreCommand root = new ScopedStoreCommand().environment(name -> null);
        assertEquals("memory:./.scoped-store/states.jsonl?flushInterval=1s", root.url());
        assertEquals(null, root.configuredUrl());

        root.environment(name -> name.equals("SCOPEDSTORE_URL") ? "redis://db:6379" : null);
        assertEquals("redis://db:6379", root.url());

        CommandLine cli = new CommandLine(root);
        cli.parseArgs("--url", "memory:", "ls");
        assertEquals("memory:", root.url());
    }

    @Test
    void versionComesFromTheBuild() {
        Run run = run("--version");

        assertEquals(ScopedStoreCommand.OK, run.exitCode(), run::toString);
        assertTrue(run.outLines().get(0).matches("scoped-store \\d+\\.\\d+\\.\\d+.*"), run::toString);
    }

    @Test
    void unknownUrlSchemeIsAConfigurationErrorOnOneLine() {
        // --url belongs to the top-level command and is inherited by every subcommand
        for (String[] args : List.of(new String[] {"--url", "nosuch://x", "tour"},
                new String[] {"tour", "--url", "nosuch://x"})) {
            Run run = run(args);

            assertEquals(ScopedStoreCommand.USAGE, run.exitCode(), run::toString);
            assertEquals(1, run.errLines().size(), run::toString);
            String line = run.errLines().get(0);
            assertTrue(line.startsWith("scoped-store: "), run::toString);
            assertTrue(line.contains("'nosuch'"), run::toString);
            assertFalse(run.err().contains("\tat "), run::toString);
            assertFalse(run.out().contains("✓"), run::toString);
        }
    }

    @Test
    void verboseAddsTheStackTrace() {
        Run run = run("--verbose", "--url", "nosuch://x", "tour");

        assertEquals(ScopedStoreCommand.USAGE, run.exitCode(), run::toString);
        assertTrue(run.errLines().get(0).contains("'nosuch'"), run::toString);
        assertTrue(run.err().contains("StoreConfigurationException"), run::toString);
        assertTrue(run.err().contains("\tat "), run::toString);
    }

    @Test
    void missingSubcommandOrUnknownOptionIsAUsageError() {
        assertEquals(ScopedStoreCommand.USAGE, run().exitCode());
        Run run = run("tour", "--no-such-option");
        assertEquals(ScopedStoreCommand.USAGE, run.exitCode(), run::toString);
        assertTrue(run.err().contains("--no-such-option"), run::toString);
    }

    @Test
    void failuresOfSubcommandsMapToExitCodes() {
        assertFailure(new BackendUnavailableException("redis://db:6379 did not answer in 2s",
                new ConnectException("refused")), ScopedStoreCommand.UNAVAILABLE,
                "scoped-store: backend unavailable: redis://db:6379 did not answer in 2s");
        assertFailure(new StoreException("state scope=a key=b is corrupt"), ScopedStoreCommand.FAILED,
                "scoped-store: state scope=a key=b is corrupt");
        assertFailure(new StateConflictException("update of scope=a key=b lost to other writers"),
                ScopedStoreCommand.CONFLICT, "scoped-store: conflict: update of scope=a key=b lost to other writers");
        assertFailure(new IllegalArgumentException("key is empty"), ScopedStoreCommand.USAGE,
                "scoped-store: key is empty");
        assertFailure(CliException.notFound("no state scope=a key=b"), ScopedStoreCommand.NOT_FOUND,
                "scoped-store: no state scope=a key=b");
        assertFailure(new IllegalStateException("a bug\nover two lines"), ScopedStoreCommand.FAILED,
                "scoped-store: unexpected java.lang.IllegalStateException: a bug over two lines"
                        + " (--verbose shows the stack trace)");
    }

    private static void assertFailure(RuntimeException thrown, int exitCode, String errLine) {
        Run run = run(cli -> cli.addSubcommand(new Failing(thrown)), "fail");

        assertEquals(exitCode, run.exitCode(), run::toString);
        assertEquals(List.of(errLine), run.errLines(), run::toString);
    }

    /** A subcommand that throws, to check how the top-level command reports it. */
    @Command(name = "fail")
    static final class Failing implements Callable<Integer> {
        private final RuntimeException thrown;

        Failing(RuntimeException thrown) {
            this.thrown = thrown;
        }

        @Override
        public Integer call() {
            throw thrown;
        }
    }
}
