package dev.scopedstore.cli;

import dev.scopedstore.ScopeQuery;
import dev.scopedstore.StateEntry;
import dev.scopedstore.Store;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code scoped-store ls [SCOPE-PREFIX]}: a table of states, streamed page by page. */
@Command(name = "ls", mixinStandardHelpOptions = true,
        description = {"Lists states: canonical scope, key, version, labels, expiry and a preview of"
                + " the value, ordered by scope and key.",
            "With SCOPE-PREFIX, only that scope and the scopes nested under it by dots (poll covers"
                + " poll.42, not pollster)."})
final class LsCommand implements Callable<Integer> {
    @ParentCommand
    private ScopedStoreCommand root;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCOPE-PREFIX",
            description = "A canonical scope, e.g. poll or chat.$client~alice (default: every scope).")
    private String prefix;

    @Option(names = "--width", paramLabel = "CHARS", defaultValue = "40",
            description = "Characters of each value to show (default: ${DEFAULT-VALUE}).")
    private int width;

    @Option(names = "--limit", paramLabel = "N", description = "Show at most N states (default: all).")
    private long limit;

    @Override
    public Integer call() {
        if (limit < 0 || (limit == 0 && spec.commandLine().getParseResult().hasMatchedOption("--limit"))) {
            throw CliException.usage("--limit must be at least 1 (leave it out to list every state)");
        }
        ScopeQuery query = Canonical.prefix(prefix);
        PrintWriter out = spec.commandLine().getOut();
        Table table = new Table(out, "SCOPE", "KEY", "VERSION", "LABELS", "EXPIRES", "VALUE");
        String ellipsis = root.symbol("…", "...");
        // scope and key share what the terminal has left after the other columns
        int names = Math.max(32, (root.columns() - Math.max(4, width) - 30) / 2);
        boolean more = false;
        try (Store store = root.openStore(); Stream<StateEntry> states = store.states(query)) {
            for (Iterator<StateEntry> it = states.iterator(); it.hasNext(); ) {
                if (limit > 0 && table.rows() >= limit) {
                    more = true;
                    break;
                }
                StateEntry e = it.next();
                table.add(cut(e.id().scope().canonical(), names, ellipsis), cut(e.id().key(), names, ellipsis),
                        Long.toString(e.version()),
                        e.labels().isEmpty() ? "-" : String.join(",", new TreeSet<>(e.labels())),
                        e.expiresAt() == null ? "never" : e.expiresAt().truncatedTo(ChronoUnit.SECONDS).toString(),
                        Json.preview(e.value(), Math.max(4, width), ellipsis));
            }
        }
        if (table.rows() == 0) {
            spec.commandLine().getErr().println("no states" + (prefix == null ? "" : " under " + prefix));
        } else {
            table.flush();
            if (more) {
                spec.commandLine().getErr().println("the first " + limit + " shown; more match"
                        + " (raise --limit to see them)");
            }
        }
        out.flush();
        return ScopedStoreCommand.OK;
    }

    /** @return {@code name}, or its start and an ellipsis when it is longer than {@code max} */
    static String cut(String name, int max, String ellipsis) {
        return name.length() <= max ? name : name.substring(0, max - ellipsis.length()) + ellipsis;
    }
}
