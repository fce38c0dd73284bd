package dev.scopedstore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scopedstore.ScopeQuery;
import dev.scopedstore.StateChange;
import dev.scopedstore.Store;
import dev.scopedstore.Subscription;
import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code scoped-store watch [SCOPE-PREFIX]}: prints every change, one line each, until
 * interrupted (or {@code --count} changes). Changes made by other processes arrive when the
 * backend has a change feed across instances; the embedded memory default serves one process.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Prints changes as they happen, one line each (time, scope, key, version, value"
                + " or 'deleted'), until interrupted with Ctrl-C.",
            "Per state, versions arrive in order and may skip intermediate ones; the latest value always arrives."})
final class WatchCommand implements Callable<Integer> {
    @ParentCommand
    private ScopedStoreCommand root;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCOPE-PREFIX",
            description = "A canonical scope, e.g. poll (default: every scope).")
    private String prefix;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N changes (default: never).")
    private long count;

    private boolean countGiven() {
        return spec.commandLine().getParseResult().hasMatchedOption("--count");
    }

    @Override
    public Integer call() throws InterruptedException {
        if (count < 0 || (count == 0 && countGiven())) {
            throw CliException.usage("--count must be at least 1 (leave it out to watch until Ctrl-C)");
        }
        ScopeQuery query = Canonical.prefix(prefix);
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch done = new CountDownLatch(1);
        AtomicLong seen = new AtomicLong();
        Thread hook = new Thread(done::countDown, "scoped-store-watch-stop");
        try (Store store = root.openStore()) {
            Subscription subscription = store.subscribe(query, change -> {
                synchronized (out) {
                    if (count > 0 && seen.get() >= count) {
                        return;
                    }
                    out.println(line(change));
                    out.flush();
                    if (seen.incrementAndGet() == count) {
                        done.countDown();
                    }
                }
            });
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                PrintWriter err = spec.commandLine().getErr();
                err.println("watching " + (prefix == null ? "every scope" : prefix) + " on " + root.shownUrl()
                        + (count > 0 ? " for " + count + (count == 1 ? " change" : " changes") : "; Ctrl-C stops"));
                err.flush();
                done.await();
            } finally {
                subscription.close();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: the JVM is exiting
                }
            }
        }
        return ScopedStoreCommand.OK;
    }

    static String line(StateChange<JsonNode> change) {
        String what = change.deleted() ? "deleted" : Json.write(change.value());
        return LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + "  " + change.id().scope().canonical() + "  "
                + change.id().key() + "  v" + change.version() + "  " + what;
    }
}
