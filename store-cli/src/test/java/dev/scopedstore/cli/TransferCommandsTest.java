package dev.scopedstore.cli;

import static dev.scopedstore.cli.Cli.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scopedstore.cli.Cli.Run;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export}, {@code import} and {@code copy}, in-process. */
class TransferCommandsTest {
    @TempDir
    Path dir;

    private String source;

    @BeforeEach
    void fill() {
        source = Cli.fileUrl(dir, "source");
        ok(source, "set", "poll.42", "votes", "{\"yes\": 3, \"no\": 0.5}");
        ok(source, "set", "poll.42.a", "title", "\"Lunch?\"", "--label", "polls");
        ok(source, "set", "chat.$client~alice", "draft", "\"hi\"", "--ttl", "1h");
        ok(source, "set", "pollster", "name", "\"not a poll\"");
    }

    private static Run ok(String url, String... args) {
        Run run = Cli.run(on(url, args));
        assertEquals(ScopedStoreCommand.OK, run.exitCode(), run::toString);
        return run;
    }

    /** The states without versions and expiry instants, which differ between stores. */
    private static List<String> comparable(String url, String... exportArgs) {
        String[] args = new String[exportArgs.length + 1];
        args[0] = "export";
        System.arraycopy(exportArgs, 0, args, 1, exportArgs.length);
        return ok(url, args).outLines().stream().map(TransferCommandsTest::withoutVersion).collect(Collectors.toList());
    }

    private static String withoutVersion(String line) {
        try {
            ObjectNode node = (ObjectNode) Json.MAPPER.readTree(line);
            node.remove("version");
            node.remove("expiresAt");
            return Json.write(node);
        } catch (IOException e) {
            throw new AssertionError(line, e);
        }
    }

    @Test
    void exportToStdoutIsJsonLinesOfEveryState() throws Exception {
        Run run = ok(source, "export");

        List<String> lines = run.outLines();
        assertEquals(4, lines.size(), run::toString);
        JsonNode first = Json.MAPPER.readTree(lines.get(0));
        assertEquals("chat.$client~alice", first.get("scope").asText());
        assertEquals(3_600_000, first.get("ttlMillis").asLong());
        assertTrue(run.err().startsWith("exported 4 states in "), run::toString);
    }

    @Test
    void exportThenImportIntoASecondStoreGivesTheSameStates() throws Exception {
        Path file = dir.resolve("states.jsonl");
        Run exported = ok(source, "export", file.toString());
        assertEquals("", exported.out());
        assertEquals(4, Files.readAllLines(file).size());
        assertFalse(Files.exists(dir.resolve("states.jsonl.partial")));

        String target = Cli.fileUrl(dir, "target");
        Run imported = ok(target, "import", file.toString());

        assertTrue(imported.err().startsWith("imported 4 states in "), imported::toString);
        assertEquals(comparable(source), comparable(target));
        assertEquals(List.of("{\"yes\":3,\"no\":0.5}"), ok(target, "get", "poll.42", "votes").outLines());
    }

    @Test
    void exportToStdoutThenImportFromStdin() {
        String export = ok(source, "export").out();
        String target = Cli.fileUrl(dir, "target");

        Run run = Cli.run(cli -> ((ScopedStoreCommand) cli.getCommand())
                .stdin(new ByteArrayInputStream(export.getBytes(StandardCharsets.UTF_8))), on(target, "import", "-"));

        assertEquals(ScopedStoreCommand.OK, run.exitCode(), run::toString);
        assertEquals(comparable(source), comparable(target));
    }

    @Test
    void exportOfAScopeOnly() {
        List<String> polls = comparable(source, "--scope", "poll");
        assertEquals(2, polls.size(), polls::toString);
        assertTrue(polls.stream().allMatch(l -> l.startsWith("{\"scope\":\"poll.42")), polls::toString);
    }

    @Test
    void aBadFileImportsNothing() throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Files.write(file, List.of(
                "{\"scope\": \"poll.1\", \"key\": \"a\", \"value\": 1}",
                "",
                "{\"scope\": \"poll.2\", \"key\": \"b\", \"value\": ",
                "{\"scope\": \"chat.$client\", \"key\": \"c\", \"value\": 1}",
                "{\"scope\": \"poll.3\", \"key\": \"d\"}"), StandardCharsets.UTF_8);
        String target = Cli.fileUrl(dir, "target");

        Run run = Cli.run(on(target, "import", file.toString()));

        assertEquals(ScopedStoreCommand.USAGE, run.exitCode(), run::toString);
        List<String> err = run.errLines();
        assertEquals(4, err.size(), run::toString);
        assertTrue(err.get(0).matches(".*bad\\.jsonl line 3: not JSON: .*"), run::toString);
        assertTrue(err.get(1).matches(".*bad\\.jsonl line 4: .*unresolved placeholder '\\$client'.*"), run::toString);
        assertTrue(err.get(2).matches(".*bad\\.jsonl line 5: the field 'value' is missing"), run::toString);
        assertTrue(err.get(3).matches("scoped-store: 3 lines of .*bad\\.jsonl cannot be imported; nothing imported"),
                run::toString);
        assertEquals("", ok(target, "ls").out());
    }

    @Test
    void importOfAMissingFileIsAUsageError() {
        Run run = Cli.run(on(Cli.fileUrl(dir, "target"), "import", dir.resolve("nothing.jsonl").toString()));

        assertEquals(ScopedStoreCommand.USAGE, run.exitCode(), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
        assertTrue(run.err().contains("nothing.jsonl: no such file"), run::toString);
    }

    @Test
    void copyMovesEveryStateOrAScopeToAnotherBackend() {
        String everything = "shared:" + UUID.randomUUID();
        Run run = ok(source, "copy", "--to", everything);
        assertTrue(run.err().startsWith("copied 4 states in "), run::toString);
        assertEquals(comparable(source), comparable(everything));

        String polls = "shared:" + UUID.randomUUID();
        ok("memory:", "copy", "--from", source, "--to", polls, "poll");
        assertEquals(comparable(source, "--scope", "poll"), comparable(polls));
    }

    @Test
    void copyOverwritesExistingStatesAndSaysSoUnlessToldToSkipThem() {
        String target = "shared:" + UUID.randomUUID();
        ok(target, "set", "pollster", "name", "\"the target's own\"");
        Run skipping = ok(source, "copy", "--to", target, "--skip-existing");
        assertTrue(skipping.err().contains("1 already in the target, left as they were"), skipping::toString);
        assertEquals(List.of("\"the target's own\""), ok(target, "get", "pollster", "name").outLines());

        Run overwriting = ok(source, "copy", "--to", target);
        assertTrue(overwriting.err().contains("states already in the target were overwritten"), overwriting::toString);
        assertEquals(List.of("\"not a poll\""), ok(target, "get", "pollster", "name").outLines());
        assertTrue(ok(source, "copy", "--help").out().contains("--skip-existing"));
    }

    @Test
    void statesThatDoNotFitTheTargetAreReportedBeforeAnythingIsWritten() {
        String tiny = "tiny:" + UUID.randomUUID();

        Run run = Cli.run(on(source, "copy", "--to", tiny));

        assertEquals(ScopedStoreCommand.FAILED, run.exitCode(), run::toString);
        List<String> err = run.errLines();
        assertEquals(List.of("does not fit: scope=poll.42 key=votes: the value is 18 bytes of JSON",
                "scoped-store: 1 of 4 states do not fit " + tiny + ", which stores values of at most "
                        + TestBackends.Tiny.MAX_VALUE_BYTES + " bytes; nothing copied"), err, run::toString);
        assertEquals("", ok(tiny, "ls").out());
        // a scope whose states fit is copied
        ok(source, "copy", "--to", tiny, "chat");
        assertEquals(2, ok(tiny, "ls").outLines().size());
    }

    @Test
    void copyRefusesTheSameStoreAndRedactsPasswords() {
        Run same = Cli.run(on(source, "copy", "--to", source));
        assertEquals(ScopedStoreCommand.USAGE, same.exitCode(), same::toString);
        assertTrue(same.err().contains("the same store"), same::toString);

        Run secret = Cli.run(on(source, "copy", "--to", "nosuch://admin:hunter2@db/x"));
        assertEquals(ScopedStoreCommand.USAGE, secret.exitCode(), secret::toString);
        assertFalse(secret.err().contains("hunter2"), secret::toString);
        assertTrue(secret.err().contains("admin:****@db"), secret::toString);
    }
}
