package dev.scopedstore.cli;

import dev.scopedstore.Store;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code scoped-store rm SCOPE KEY}: deletes one state; exit code 1 if there was none. */
@Command(name = "rm", mixinStandardHelpOptions = true,
        description = "Deletes a state; exit code 1 if there is no such state.")
final class RmCommand implements Callable<Integer> {
    @ParentCommand
    private ScopedStoreCommand root;

    @Parameters(index = "0", paramLabel = "SCOPE", description = "A canonical scope, e.g. poll.42 or chat.$client~alice.")
    private String scope;

    @Parameters(index = "1", paramLabel = "KEY", description = "The key.")
    private String key;

    @Override
    public Integer call() {
        Canonical canonical = Canonical.parse(scope);
        try (Store store = root.openStore(); Store view = canonical.view(store)) {
            if (!view.deleteState(canonical.options(key))) {
                throw CliException.noState(canonical.id(key));
            }
        }
        return ScopedStoreCommand.OK;
    }
}
