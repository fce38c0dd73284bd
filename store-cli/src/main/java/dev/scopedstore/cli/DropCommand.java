package dev.scopedstore.cli;

import dev.scopedstore.ScopeQuery;
import dev.scopedstore.StateEntry;
import dev.scopedstore.Store;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code scoped-store drop SCOPE-PREFIX}: deletes every state of a scope and the scopes nested
 * under it, after confirmation on the terminal. Without a terminal it needs {@code --yes}, and
 * refuses with exit code 2 otherwise.
 */
@Command(name = "drop", mixinStandardHelpOptions = true,
        description = {"Deletes every state of a scope and of the scopes nested under it by dots.",
            "Asks for confirmation on the terminal; without a terminal it needs --yes."})
final class DropCommand implements Callable<Integer> {
    @ParentCommand
    private ScopedStoreCommand root;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SCOPE-PREFIX", description = "A canonical scope, e.g. poll or chat.$client~alice.")
    private String prefix;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    private boolean yes;

    @Override
    public Integer call() {
        ScopeQuery query = Canonical.prefix(prefix);
        Terminal terminal = root.terminal();
        if (!yes && terminal == null) {
            throw CliException.usage("drop " + prefix + " needs --yes: there is no terminal to confirm on;"
                    + " nothing dropped");
        }
        PrintWriter err = spec.commandLine().getErr();
        try (Store store = root.openStore()) {
            long count;
            try (Stream<StateEntry> states = store.states(query)) {
                count = states.count();
            }
            if (count == 0) {
                err.println("no states under " + prefix + "; nothing dropped");
                return ScopedStoreCommand.OK;
            }
            if (!yes) {
                String answer = terminal.readLine("Drop " + Progress.number(count) + (count == 1 ? " state" : " states")
                        + " under " + prefix + " (and nested scopes) from " + root.shownUrl() + "? [y/N] ");
                if (answer == null) {
                    err.println(); // end of input: the prompt's line is still open
                }
                String a = answer == null ? "" : answer.strip().toLowerCase(Locale.ROOT);
                if (!a.equals("y") && !a.equals("yes")) {
                    err.println("nothing dropped");
                    return ScopedStoreCommand.OK;
                }
            }
            long dropped = store.dropScope(query);
            spec.commandLine().getOut().println("dropped " + Progress.number(dropped)
                    + (dropped == 1 ? " state" : " states") + " under " + prefix);
        }
        spec.commandLine().getOut().flush();
        return ScopedStoreCommand.OK;
    }
}
