package dev.scopedstore.cli;

import dev.scopedstore.BackendUnavailableException;
import dev.scopedstore.MissingScopeContextException;
import dev.scopedstore.Scope;
import dev.scopedstore.ScopeContext;
import dev.scopedstore.ScopeQuery;
import dev.scopedstore.Scopes;
import dev.scopedstore.State;
import dev.scopedstore.StateChange;
import dev.scopedstore.StateEntry;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import dev.scopedstore.Subscription;
import dev.scopedstore.spi.Urls;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code scoped-store tour}: a short, self-checking walk through the library. Each step prints
 * one line, what it does and ✓ or ✗; the exit code is {@value ScopedStoreCommand#FAILED} if any
 * check failed.
 *
 * <p>Unless a URL is given ({@code --url}, {@code scopedstore.url}, {@code SCOPEDSTORE_URL}) it
 * runs on {@code memory:}, not on the tool's persisted default. Wherever it runs, it writes only
 * under a fresh scope of its own ({@code tour-<random>.poll.42}, …) and drops that scope at the
 * end, so it never changes a state it did not create.
 */
@Command(name = "tour",
        mixinStandardHelpOptions = true,
        description = {
            "A short, self-checking walk through Scoped Store: a global state, the three special"
                + " scopes ($client, $user, $component) and client isolation, an equation vote"
                + " from many threads, a version conflict and a notification.",
            "Each step prints one line with ✓ or ✗."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every check passed",
            "1:a check failed",
            "2:usage or configuration error (e.g. an unknown URL scheme)",
            "3:the backend is unavailable"})
public final class TourCommand implements Callable<Integer> {
    static final int STEPS = 6;
    static final int THREADS = 8;
    static final int VOTES_PER_THREAD = 1_000;
    private static final long WAIT_SECONDS = 10;

    @ParentCommand
    private ScopedStoreCommand root;

    @Spec
    private CommandSpec spec;

    private PrintWriter out;
    /** The scope every state of this run lies under, fresh per run, dropped at the end. */
    private final String home = "tour-" + HexFormat.of().formatHex(
            ByteBuffer.allocate(4).putInt(ThreadLocalRandom.current().nextInt()).array());
    private int step;
    private int failed;

    @Override
    public Integer call() {
        out = spec.commandLine().getOut();
        String url = root.configuredUrl() != null ? root.url() : "memory:";
        try (Store store = root.openStore(url)) {
            out.println("Scoped Store tour on " + Urls.redact(url));
            step("global state poll.42/votes", () -> globalState(store));
            step("client isolation", () -> clientIsolation(store));
            step("$user and $component", () -> userAndComponent(store));
            step("equation vote", () -> equationVote(store));
            step("version conflict", () -> versionConflict(store));
            step("notification", () -> notification(store));
            dropHome(store);
        }
        if (failed == 0) {
            out.println("All " + STEPS + " checks passed.");
        } else {
            out.println(failed + " of " + STEPS + " checks failed.");
        }
        out.flush();
        return failed == 0 ? ScopedStoreCommand.OK : ScopedStoreCommand.FAILED;
    }

    // (1) Store.createState: get-or-create in a global scope.
    private String globalState(Store store) {
        StateOptions options = StateOptions.key("votes").scope(in("poll.42"));
        State<Integer> votes = store.createState(0, options);
        int before = votes.get();
        votes.set(before + 1);
        int after = votes.get();
        check(after == before + 1 && store.hasState(options),
                "set " + (before + 1) + " but read " + after + " (hasState " + store.hasState(options) + ")");
        return "created with " + before + ", set " + (before + 1) + arrow() + "reads " + after
                + " (version " + votes.version() + ")";
    }

    // (2) $client: two views, each sees only its own value; listings show canonical scopes.
    private String clientIsolation(Store store) {
        StateOptions draft = StateOptions.key("draft").scope(in("chat." + Scopes.CLIENT));
        try (Store alice = store.with(ScopeContext.empty().withClient("alice"));
             Store bob = store.with(ScopeContext.empty().withClient("bob"))) {
            State<String> aliceDraft = alice.createState("", draft);
            State<String> bobDraft = bob.createState("", draft);
            aliceDraft.set("hi from alice");
            bobDraft.set("hi from bob");
            String aliceSees = alice.createState("", draft).get();
            String bobSees = bobDraft.get();
            check(aliceSees.equals("hi from alice") && bobSees.equals("hi from bob"),
                    "alice reads \"" + aliceSees + "\", bob reads \"" + bobSees + "\"");
            List<String> listed;
            try (Stream<StateEntry> states = store.states(ScopeQuery.nested(in("chat")))) {
                listed = states.map(e -> shown(e.id().scope()) + "/" + e.id().key())
                        .collect(Collectors.toList());
            }
            check(listed.contains("chat.$client~alice/draft") && listed.contains("chat.$client~bob/draft"),
                    "listing of chat shows " + listed);
            return "alice and bob each read their own chat.$client/draft, listed under "
                    + "chat.$client~alice and chat.$client~bob";
        }
    }

    // (3) $user and $component through a view; $user without a user is refused.
    private String userAndComponent(Store store) {
        ScopeContext signedIn = ScopeContext.empty().withClient("tab-1").withUser("ada")
                .withComponent("poll-card-7");
        String theme;
        String open;
        try (Store ada = store.with(signedIn)) {
            State<String> themeState = ada.createState("light",
                    StateOptions.key("theme").scope(in(Scopes.USER + ".settings")));
            themeState.set("dark");
            State<Boolean> openState = ada.createState(false,
                    StateOptions.key("open").scope(in(Scopes.COMPONENT)));
            openState.set(true);
            theme = shown(themeState.scope());
            open = shown(openState.scope());
            check(themeState.get().equals("dark") && openState.get(),
                    "read back theme " + themeState.get() + ", open " + openState.get());
            check(theme.equals("$user~ada.settings") && open.equals("$component~poll-card-7"),
                    "resolved to " + theme + " and " + open);
        }
        String refused;
        try (Store anonymous = store.with(ScopeContext.empty().withClient("tab-2"))) {
            State<String> themeState = anonymous.createState("light",
                    StateOptions.key("theme").scope(in(Scopes.USER + ".settings")));
            String leaked = themeState.get();
            throw new CheckFailed("$user without a user was not refused (read \"" + leaked + "\")");
        } catch (MissingScopeContextException expected) {
            refused = expected.getClass().getSimpleName();
        }
        return "resolved to " + theme + " and " + open + "; $user without a user" + arrow() + refused;
    }

    // (4) An equation state: concurrent set(get() + 1) through one handle loses no vote.
    private String equationVote(Store store) throws Exception {
        State<Integer> votes = store.createState(0,
                StateOptions.key("votes").scope(in("poll.43")).atomic("votes = ans + x"));
        int start = votes.get();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "tour-voter");
            t.setDaemon(true);
            return t;
        });
        long nanos;
        try {
            List<Future<?>> voters = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                voters.add(pool.submit(() -> {
                    go.await();
                    for (int v = 0; v < VOTES_PER_THREAD; v++) {
                        votes.set(votes.get() + 1);
                    }
                    return null;
                }));
            }
            long t0 = System.nanoTime();
            go.countDown();
            for (Future<?> voter : voters) {
                voter.get(60, TimeUnit.SECONDS);
            }
            nanos = System.nanoTime() - t0;
        } finally {
            pool.shutdownNow();
        }
        int expected = start + THREADS * VOTES_PER_THREAD;
        int counted = votes.get();
        check(counted == expected, "counted " + number(counted - start) + " of "
                + number(THREADS * VOTES_PER_THREAD) + " votes");
        return THREADS + " threads" + symbol(" × ", " x ") + number(VOTES_PER_THREAD)
                + " votes.set(votes.get() + 1) on poll.43" + arrow()
                + number(counted - start) + " (" + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms)";
    }

    // (5) setIfVersion with a version read before another write fails and changes nothing.
    private String versionConflict(Store store) {
        StateOptions options = StateOptions.key("title").scope(in("poll.42"));
        State<String> mine = store.createState("Lunch?", options);
        State<String> theirs = store.createState("Lunch?", options); // another writer's handle
        long stale = mine.version();
        theirs.set("Lunch at noon?");
        boolean staleWritten = mine.setIfVersion(stale, "Lunch at one?");
        String after = mine.get();
        check(!staleWritten && after.equals("Lunch at noon?"),
                "setIfVersion(" + stale + ") returned " + staleWritten + ", value is \"" + after + "\"");
        long fresh = mine.version();
        boolean freshWritten = mine.setIfVersion(fresh, "Lunch at one?");
        check(freshWritten && mine.get().equals("Lunch at one?"),
                "setIfVersion with the current version " + fresh + " returned " + freshWritten);
        return "setIfVersion(" + stale + symbol(", …)", ", ...)") + " after another write" + arrow()
                + "false, value unchanged; with version " + fresh + arrow() + "true";
    }

    // (6) subscribe, write, and the listener receives the new value.
    private String notification(Store store) throws InterruptedException {
        State<Integer> votes = store.createState(0, StateOptions.key("votes").scope(in("poll.42")));
        int next = votes.get() + 1;
        CountDownLatch arrived = new CountDownLatch(1);
        AtomicReference<StateChange<Integer>> last = new AtomicReference<>();
        Subscription subscription = votes.subscribe(change -> {
            last.set(change);
            if (!change.deleted() && Objects.equals(change.value(), next)) {
                arrived.countDown();
            }
        });
        long nanos;
        try {
            long t0 = System.nanoTime();
            votes.set(next);
            boolean inTime = arrived.await(WAIT_SECONDS, TimeUnit.SECONDS);
            nanos = System.nanoTime() - t0;
            check(inTime, last.get() == null
                    ? "no change arrived within " + WAIT_SECONDS + " s"
                    : "the listener got " + last.get() + ", not votes = " + next);
        } finally {
            subscription.close();
        }
        StateChange<Integer> change = last.get();
        return "subscribed to poll.42/votes, set " + next + arrow() + "listener got "
                + change.value() + " (version " + change.version() + ", "
                + TimeUnit.NANOSECONDS.toMillis(nanos) + " ms)";
    }

    /** @return {@code scope} inside the tour's own scope */
    private String in(String scope) {
        return home + "." + scope;
    }

    /** @return the canonical form of a scope of the tour, without the tour's own scope */
    private String shown(Scope scope) {
        return scope.canonical().substring(home.length() + 1);
    }

    /** Drops every state the tour wrote; nothing outside its own scope was touched. */
    private void dropHome(Store store) {
        long dropped = store.dropScope(ScopeQuery.nested(home));
        out.println("Dropped the tour's " + dropped + " states (scope " + home + ").");
    }

    private void step(String what, Check check) {
        step++;
        boolean ok;
        String detail;
        try {
            detail = check.run();
            ok = true;
        } catch (CheckFailed e) {
            ok = false;
            detail = e.getMessage();
        } catch (BackendUnavailableException e) {
            throw e; // exit code 3: the rest of the tour cannot run either
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            ok = false;
            detail = "unexpected " + ScopedStoreCommand.oneLine(e.toString());
            if (root.verbose()) {
                e.printStackTrace(spec.commandLine().getErr());
            }
        }
        if (!ok) {
            failed++;
        }
        out.println((ok ? symbol("✓", "[ok]") : symbol("✗", "[FAILED]")) + " " + step + ". " + what
                + ": " + detail);
        out.flush();
    }

    private static void check(boolean condition, String failure) {
        if (!condition) {
            throw new CheckFailed(failure);
        }
    }

    private String arrow() {
        return symbol(" → ", " -> ");
    }

    private String symbol(String unicode, String ascii) {
        return root.symbol(unicode, ascii);
    }

    private static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** One step of the tour: returns what it showed, or throws {@link CheckFailed}. */
    @FunctionalInterface
    private interface Check {
        String run() throws Exception;
    }

    /** A tour check that did not hold; its message says what was seen instead. */
    private static final class CheckFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CheckFailed(String message) {
            super(message, null, false, false);
        }
    }
}
