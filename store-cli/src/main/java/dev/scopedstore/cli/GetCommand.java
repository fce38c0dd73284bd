package dev.scopedstore.cli;

import dev.scopedstore.StateId;
import dev.scopedstore.Store;
import dev.scopedstore.spi.StateBackend;
import dev.scopedstore.spi.StoredState;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code scoped-store get SCOPE KEY}: prints the value as JSON. It must not create a missing
 * state, and {@code Store.createState} is get-or-create, so it reads by id through the backend
 * ({@link Store#unwrap}), the administrative route that takes a canonical scope as it is.
 */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Prints a state's value as JSON; exit code 1 if there is no such state.")
final class GetCommand implements Callable<Integer> {
    @ParentCommand
    private ScopedStoreCommand root;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SCOPE", description = "A canonical scope, e.g. poll.42 or chat.$client~alice.")
    private String scope;

    @Parameters(index = "1", paramLabel = "KEY", description = "The key.")
    private String key;

    @Override
    public Integer call() {
        StateId id = StateId.parse(scope, key);
        StoredState state;
        try (Store store = root.openStore()) {
            state = store.unwrap(StateBackend.class).get(id)
                    .orElseThrow(() -> CliException.noState(id));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(Json.write(state.value()));
        out.flush();
        return ScopedStoreCommand.OK;
    }
}
