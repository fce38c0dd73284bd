package dev.scopedstore.cli;

import dev.scopedstore.Store;
import dev.scopedstore.spi.StateBackend;
import dev.scopedstore.spi.StateLines;
import dev.scopedstore.spi.Urls;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code scoped-store copy --from URL --to URL [SCOPE-PREFIX]}: streams states from one backend
 * to another, e.g. from the memory default to PostgreSQL. A first pass checks every state
 * against the target's limits and reports those that do not fit before anything is written.
 */
@Command(name = "copy", mixinStandardHelpOptions = true,
        description = {"Copies states (value, labels, time-to-live) from one backend to another,"
                + " e.g. from the memory default to PostgreSQL, Redis or DynamoDB.",
            "States that do not fit the target's limits are reported first, and then nothing is copied.",
            "A state that already exists in the target is overwritten, unless --skip-existing is given."})
final class CopyCommand implements Callable<Integer> {
    private static final int SHOWN_PROBLEMS = 10;

    @ParentCommand
    private ScopedStoreCommand root;

    @Spec
    private CommandSpec spec;

    @Option(names = "--from", paramLabel = "URL", description = "The source (default: the tool's store, see --url).")
    private String from;

    @Option(names = "--to", paramLabel = "URL", required = true, description = "The target.")
    private String to;

    @Option(names = "--skip-existing", description = "Leave states that already exist in the target as they are.")
    private boolean skipExisting;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCOPE-PREFIX",
            description = "Only this canonical scope and the scopes nested under it (default: every scope).")
    private String prefix;

    @Override
    public Integer call() {
        Canonical.prefix(prefix);
        String source = from != null ? from : root.url();
        if (source.equals(to)) {
            throw CliException.usage("--from and --to are the same store, " + Urls.redact(to));
        }
        try (Store in = root.openStore(source); Store out = root.openStore(to)) {
            long total = check(in, out.unwrap(StateBackend.class).capabilities().maxValueBytes());
            Progress progress = root.progress(spec, true, "copied", "states", total);
            StateStream.Importer importer = new StateStream.Importer(out, progress);
            StateBackend target = out.unwrap(StateBackend.class);
            AtomicLong skipped = new AtomicLong();
            StateStream.forEach(in, prefix, state -> {
                if (skipExisting && target.get(state.id()).isPresent()) {
                    skipped.incrementAndGet();
                } else {
                    importer.add(Json.write(StateLines.toJson(state)));
                }
            });
            importer.flush();
            progress.finish(" from " + Urls.redact(source) + " to " + Urls.redact(to) + (skipExisting
                    ? "; " + skipped.get() + " already in the target, left as they were"
                    : "; states already in the target were overwritten"));
        }
        return ScopedStoreCommand.OK;
    }

    /** The first pass: counts the states and refuses if any value is over the target's maximum. */
    private long check(Store in, int maxValueBytes) {
        List<String> problems = new ArrayList<>();
        AtomicLong total = new AtomicLong();
        AtomicLong bad = new AtomicLong();
        StateStream.forEach(in, prefix, state -> {
            total.incrementAndGet();
            int bytes = Json.bytes(state.value());
            if (bytes > maxValueBytes && bad.incrementAndGet() <= SHOWN_PROBLEMS) {
                problems.add("does not fit: " + state.id() + ": the value is " + bytes + " bytes of JSON");
            }
        });
        if (bad.get() > 0) {
            PrintWriter err = spec.commandLine().getErr();
            problems.forEach(err::println);
            throw new CliException(ScopedStoreCommand.FAILED, bad.get() + " of " + total.get()
                    + " states do not fit " + Urls.redact(to) + ", which stores values of at most "
                    + maxValueBytes + " bytes" + (bad.get() > SHOWN_PROBLEMS ? " (the first " + SHOWN_PROBLEMS
                    + " shown)" : "") + "; nothing copied");
        }
        return total.get();
    }
}
