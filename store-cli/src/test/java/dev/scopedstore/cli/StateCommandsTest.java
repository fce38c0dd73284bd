package dev.scopedstore.cli;

import static dev.scopedstore.cli.Cli.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scopedstore.ScopeContext;
import dev.scopedstore.Scope;
import dev.scopedstore.Scopes;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import dev.scopedstore.Subscription;
import dev.scopedstore.cli.Cli.Run;
import dev.scopedstore.spi.ScopeFilter;
import dev.scopedstore.spi.StateBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ls}, {@code get}, {@code set}, {@code add}, {@code rm} and {@code drop}, in-process on a store file. */
class StateCommandsTest {
    @TempDir
    Path dir;

    private String url;

    @BeforeEach
    void setUp() {
        url = Cli.fileUrl(dir, "states");
    }

    private Run cli(String... args) {
        return Cli.run(on(url, args));
    }

    private Run ok(String... args) {
        Run run = cli(args);
        assertEquals(ScopedStoreCommand.OK, run.exitCode(), run::toString);
        return run;
    }

    private static void assertOneErrorLine(Run run, int exitCode, String... fragments) {
        assertEquals(exitCode, run.exitCode(), run::toString);
        assertEquals(1, run.errLines().size(), run::toString);
        assertTrue(run.err().startsWith("scoped-store: "), run::toString);
        for (String fragment : fragments) {
            assertTrue(run.err().contains(fragment), () -> "'" + fragment + "' missing in\n" + run);
        }
        assertFalse(run.err().contains("\tat "), run::toString);
        assertEquals("", run.out(), run::toString);
    }

    private void assertEmpty() {
        Run ls = ok("ls");
        assertEquals("", ls.out(), ls::toString);
        assertEquals("no states\n", ls.err().replace("\r\n", "\n"), ls::toString);
    }

    @Test
    void setThenGetInTwoInvocations() {
        assertEquals("", ok("set", "poll.42", "title", "{\"text\": \"Lunch?\", \"open\": true}").out());

        assertEquals(List.of("{\"text\":\"Lunch?\",\"open\":true}"), ok("get", "poll.42", "title").outLines());
    }

    @Test
    void getOfAMissingStateIsNotFoundAndCreatesNothing() {
        assertOneErrorLine(cli("get", "poll.42", "votes"), ScopedStoreCommand.NOT_FOUND,
                "no state scope=poll.42 key=votes");
        assertEmpty();
    }

    @Test
    void badInputIsAUsageErrorAndWritesNothing() {
        assertOneErrorLine(cli("set", "poll.42", "title", "Lunch?"), ScopedStoreCommand.USAGE,
                "value 'Lunch?' is not valid JSON", "'\"Lunch?\"'");
        assertOneErrorLine(cli("set", "poll.42", "title", "{\"a\": 1"), ScopedStoreCommand.USAGE, "not valid JSON");
        assertOneErrorLine(cli("set", "poll.42", "title", "1 2"), ScopedStoreCommand.USAGE, "not valid JSON");
        assertOneErrorLine(cli("set", "chat.$client", "draft", "\"hi\""), ScopedStoreCommand.USAGE,
                "unresolved placeholder '$client'");
        assertOneErrorLine(cli("set", "poll..42", "title", "1"), ScopedStoreCommand.USAGE, "empty segment");
        assertOneErrorLine(cli("set", "$nobody~x", "title", "1"), ScopedStoreCommand.USAGE, "unknown placeholder");
        assertOneErrorLine(cli("add", "poll.42", "votes", "one"), ScopedStoreCommand.USAGE, "not valid JSON");
        assertOneErrorLine(cli("add", "poll.42", "votes", "\"1\""), ScopedStoreCommand.USAGE, "is not a number");
        assertOneErrorLine(cli("add", "poll.42", "votes", "{\"yes\": true}"), ScopedStoreCommand.USAGE, "is not a number");
        assertOneErrorLine(cli("add", "poll.42", "votes", "99999999999999999999"), ScopedStoreCommand.USAGE, "64-bit");
        assertOneErrorLine(cli("ls", "chat.$user"), ScopedStoreCommand.USAGE, "unresolved placeholder '$user'");
        assertOneErrorLine(cli("set", "poll.42", "title", "1", "--ttl", "soon"), ScopedStoreCommand.USAGE,
                "'soon' is not a duration");
        assertEmpty();
    }

    @Test
    void aClientStateIsAddressedByItsCanonicalScope() {
        // an id with a dot and a space: percent-encoded in its one canonical segment
        String scope = "chat.$client~a%2Eb%20c";
        ok("set", scope, "draft", "\"hi\"");

        List<String> ls = ok("ls", "chat").outLines();
        assertEquals(2, ls.size(), ls::toString);
        assertTrue(ls.get(1).startsWith(scope + "  draft  "), ls::toString);
        assertEquals(List.of("\"hi\""), ok("get", scope, "draft").outLines());

        // the application, through a view for client "a.b c", sees the same state
        try (Store store = Store.open(url); Store client = store.with(ScopeContext.empty().withClient("a.b c"))) {
            StateOptions draft = StateOptions.key("draft").scope("chat." + Scopes.CLIENT);
            assertTrue(client.hasState(draft));
            assertEquals("hi", client.createState("", draft).get());
        }
        ok("rm", scope, "draft");
        assertEmpty();
    }

    @Test
    void aNonCanonicalIdEncodingIsRefused() {
        assertOneErrorLine(cli("set", "chat.$client~a%2eb", "draft", "1"), ScopedStoreCommand.USAGE, "expected '$client~a%2Eb'");
    }

    @Test
    void setKeepsLabelsAndTimeToLiveOfAnExistingState() {
        ok("set", "chat.$client~alice", "draft", "\"one\"", "--ttl", "5m", "--label", "chat", "--label", "drafts");
        ok("set", "chat.$client~alice", "draft", "\"two\"");

        String row = ok("ls").outLines().get(1);
        assertTrue(row.matches("chat\\.\\$client~alice +draft +\\d+ +chat,drafts +20\\d\\d-\\S+Z +\"two\""), row);

        ok("set", "chat.$client~alice", "draft", "\"three\"", "--ttl", "0");
        row = ok("ls").outLines().get(1);
        assertTrue(row.contains(" never "), row);
    }

    @Test
    void setWithOtherLabelsOnAnExistingStateSaysTheyWereNotChanged() {
        ok("set", "poll", "title", "\"one\"", "--label", "polls");
        Run again = ok("set", "poll", "title", "\"two\"", "--label", "other");
        assertTrue(again.err().contains("the labels were not changed") && again.err().contains("[polls]"), again::toString);
        assertEquals("", ok("set", "poll", "title", "\"three\"", "--label", "polls").err(), "the same labels: nothing to say");
        assertEquals(List.of("\"three\""), ok("get", "poll", "title").outLines());
    }

    @Test
    void lsCutsLongNamesToFitAndStopsAtTheLimit() {
        String longKey = "k".repeat(1_000);
        ok("set", "poll", longKey, "1");
        ok("set", "poll", "b", "2");
        ok("set", "poll", "c", "3");
        List<String> rows = ok("ls", "poll").outLines();
        assertEquals(4, rows.size(), rows::toString);
        assertTrue(rows.stream().allMatch(r -> r.length() <= 160), "rows fit a line: " + rows.get(1).length());
        assertTrue(rows.stream().anyMatch(r -> r.contains("kkk…")), rows::toString);

        Run limited = ok("ls", "poll", "--limit", "2");
        assertEquals(3, limited.outLines().size(), limited::toString);
        assertTrue(limited.err().contains("the first 2 shown"), limited::toString);
        assertOneErrorLine(cli("ls", "--limit", "0"), ScopedStoreCommand.USAGE, "--limit must be at least 1");
    }

    @Test
    void watchRefusesACountOfZero() {
        assertOneErrorLine(cli("watch", "--count", "0"), ScopedStoreCommand.USAGE, "--count must be at least 1");
    }

    @Test
    void lsPrintsATableOfTheScopeAndNestedScopesOnly() {
        ok("set", "poll", "title", "\"Polls\"");
        ok("set", "poll.42", "votes", "3");
        ok("set", "poll.42.a", "long", "\"" + "x".repeat(100) + "\"");
        ok("set", "pollster", "name", "\"not a poll\"");

        List<String> rows = ok("ls", "poll", "--width", "12").outLines();

        assertEquals(4, rows.size(), rows::toString);
        assertTrue(rows.get(0).matches("SCOPE +KEY +VERSION +LABELS +EXPIRES +VALUE"), rows.get(0));
        assertTrue(rows.get(1).matches("poll +title +\\d+ +- +never +\"Polls\""), rows.get(1));
        assertTrue(rows.get(2).startsWith("poll.42    votes"), rows.get(2));
        assertTrue(rows.get(3).endsWith("\"xxxxxxxxxx…"), rows.get(3));
        assertEquals(5, ok("ls").outLines().size());
        Run none = ok("ls", "nothing.here");
        assertEquals("no states under nothing.here", none.err().strip(), none::toString);
    }

    @Test
    void addIsExactAndStartsAtZero() {
        assertEquals(List.of("2"), ok("add", "poll.42", "votes", "2").outLines());
        assertEquals(List.of("-1"), ok("add", "poll.42", "votes", "-3").outLines());
        assertEquals(List.of("-0.9"), ok("add", "poll.42", "votes", "0.1").outLines());
        assertEquals(List.of("-0.7"), ok("add", "poll.42", "votes", "0.2").outLines());
        assertEquals(List.of("-0.7"), ok("get", "poll.42", "votes").outLines());

        ok("set", "poll.42", "title", "\"Lunch?\"");
        assertOneErrorLine(cli("add", "poll.42", "title", "1"), ScopedStoreCommand.USAGE, "holds \"Lunch?\", not a number");
        ok("set", "poll.42", "big", Long.toString(Long.MAX_VALUE));
        Run overflow = cli("add", "poll.42", "big", "1");
        assertEquals(ScopedStoreCommand.FAILED, overflow.exitCode(), overflow::toString);
        assertTrue(overflow.err().contains("64-bit"), overflow::toString);
        assertEquals(List.of(Long.toString(Long.MAX_VALUE)), ok("get", "poll.42", "big").outLines());
    }

    @Test
    void addWorksOnObjectsOfNumbers() {
        assertEquals(List.of("{\"yes\":1}"), ok("add", "poll.7", "tally", "{\"yes\": 1}").outLines());
        assertEquals(List.of("{\"yes\":1,\"no\":2.5}"), ok("add", "poll.7", "tally", "{\"no\": 2.5}").outLines());
        assertOneErrorLine(cli("add", "poll.7", "tally", "1"), ScopedStoreCommand.USAGE, "not a number");
    }

    @Test
    void concurrentAddsAreNeverLost() throws Exception {
        String shared = "shared:add-" + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Run>> runs = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                runs.add(pool.submit(() -> Cli.run(on(shared, "add", "poll.42", "votes", "1"))));
            }
            for (Future<Run> run : runs) {
                assertEquals(ScopedStoreCommand.OK, run.get().exitCode(), () -> run.toString());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of("100"), Cli.run(on(shared, "get", "poll.42", "votes")).outLines());
    }

    @Test
    void addOnAMissingStateIsOneWriteAndOneEvent() {
        String shared = "shared:add-" + UUID.randomUUID();
        List<String> writes = new CopyOnWriteArrayList<>();
        // the backend's own feed, delivered during each write and never coalesced: every write
        try (Store watcher = Store.open(shared);
             Subscription subscription = watcher.unwrap(StateBackend.class).subscribe(
                     new ScopeFilter(Scope.parse("poll.42"), false),
                     change -> writes.add(change.value() + "@" + change.version()))) {
            assertEquals(List.of("1"), Cli.run(on(shared, "add", "poll.42", "votes", "1")).outLines());
            long version = watcher.createState(0L, StateOptions.key("votes").scope("poll.42")).version();
            assertEquals(List.of("1@" + version), writes, "created at 1, not at 0 and then 1");
        }
    }

    @Test
    void anAddThatKeepsLosingToOtherWritersIsAConflict() {
        // every compare-and-set loses: the store gives up after its update timeout (10 s)
        assertOneErrorLine(Cli.run(on("conflicts:", "add", "poll.42", "votes", "1")), ScopedStoreCommand.CONFLICT,
                "scoped-store: conflict: ", "scope=poll.42 key=votes", "nothing was written");
    }

    @Test
    void rmDeletesOneStateAndReportsAMissingOne() {
        ok("set", "poll.42", "votes", "3");
        ok("set", "poll.42", "title", "\"Lunch?\"");

        assertEquals("", ok("rm", "poll.42", "votes").out());

        assertOneErrorLine(cli("get", "poll.42", "votes"), ScopedStoreCommand.NOT_FOUND, "no state");
        assertOneErrorLine(cli("rm", "poll.42", "votes"), ScopedStoreCommand.NOT_FOUND,
                "no state scope=poll.42 key=votes");
        assertEquals(List.of("\"Lunch?\""), ok("get", "poll.42", "title").outLines());
    }

    private void fillPolls() {
        ok("set", "poll.42", "votes", "3");
        ok("set", "poll.42.a", "votes", "4");
        ok("set", "pollster", "name", "\"kept\"");
    }

    @Test
    void dropWithoutATerminalNeedsYes() {
        fillPolls();

        assertOneErrorLine(cli("drop", "poll"), ScopedStoreCommand.USAGE, "needs --yes", "nothing dropped");
        assertEquals(4, ok("ls").outLines().size());

        assertEquals(List.of("dropped 2 states under poll"), ok("drop", "poll", "--yes").outLines());
        List<String> left = ok("ls").outLines();
        assertEquals(2, left.size(), left::toString);
        assertTrue(left.get(1).startsWith("pollster"), left::toString);
        assertEquals("no states under poll; nothing dropped", ok("drop", "poll", "-y").err().strip());
    }

    @Test
    void dropAsksOnATerminal() {
        fillPolls();

        Cli.FakeTerminal no = new Cli.FakeTerminal("n");
        Run kept = Cli.onTerminal(no, on(url, "drop", "poll"));
        assertEquals(ScopedStoreCommand.OK, kept.exitCode(), kept::toString);
        assertTrue(no.prompts.toString().startsWith("Drop 2 states under poll (and nested scopes) from memory:"),
                no.prompts::toString);
        assertEquals("nothing dropped", kept.err().strip());
        assertEquals(4, ok("ls").outLines().size());

        Cli.FakeTerminal yes = new Cli.FakeTerminal("y");
        Run dropped = Cli.onTerminal(yes, on(url, "drop", "poll"));
        assertEquals(List.of("dropped 2 states under poll"), dropped.outLines(), dropped::toString);
        assertEquals(2, ok("ls").outLines().size());
    }

    @Test
    void everyCommandMapsAnUnknownSchemeToTwoAndAnUnreachableBackendToThree() {
        List<String[]> commands = List.of(new String[] {"ls"}, new String[] {"get", "a", "k"},
                new String[] {"set", "a", "k", "1"}, new String[] {"add", "a", "k", "1"},
                new String[] {"rm", "a", "k"}, new String[] {"drop", "a", "--yes"},
                new String[] {"watch"}, new String[] {"export"}, new String[] {"bench", "--seconds", "1"});
        for (String[] command : commands) {
            assertOneErrorLine(Cli.run(on("nosuch://user:secret@host/db", command)), ScopedStoreCommand.USAGE,
                    "'nosuch'", "nosuch://user:****@host/db");
            assertOneErrorLine(Cli.run(on("down:", command)), ScopedStoreCommand.UNAVAILABLE,
                    "backend unavailable: down://db:1 refused the connection");
        }
    }
}
