package dev.scopedstore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scopedstore.State;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import dev.scopedstore.spi.StateBackend;
import dev.scopedstore.spi.StoredState;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code scoped-store set SCOPE KEY JSON}: writes a value (last write wins). The JSON and the
 * scope are checked before the store is opened, so bad input writes nothing. An existing state
 * keeps its labels and its time-to-live unless {@code --ttl} is given.
 */
@Command(name = "set", mixinStandardHelpOptions = true,
        description = {"Sets a state's value, creating the state if it does not exist.",
            "An existing state keeps its labels and its time-to-live unless --ttl is given."})
final class SetCommand implements Callable<Integer> {
    @ParentCommand
    private ScopedStoreCommand root;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SCOPE", description = "A canonical scope, e.g. poll.42 or chat.$client~alice.")
    private String scope;

    @Parameters(index = "1", paramLabel = "KEY", description = "The key.")
    private String key;

    @Parameters(index = "2", paramLabel = "JSON", description = "The value as JSON, e.g. 42, '\"text\"' or '{\"yes\": 3}'.")
    private String json;

    @Option(names = "--ttl", paramLabel = "DURATION", converter = Durations.class,
            description = "Idle time-to-live, e.g. 30s, 5m, 1h; 0 for never (default: the state's own; never for a new state).")
    private Duration ttl;

    @Option(names = "--label", paramLabel = "LABEL", description = "A label of the state, if this write creates it (repeatable).")
    private List<String> labels = new ArrayList<>();

    @Override
    public Integer call() {
        JsonNode value = Json.parse("value", json);
        Canonical canonical = Canonical.parse(scope);
        StateOptions options = canonical.options(key).labels(labels.toArray(String[]::new));
        try (Store store = root.openStore(); Store view = canonical.view(store)) {
            Optional<StoredState> existing = store.unwrap(StateBackend.class).get(canonical.id(key));
            Duration keep = ttl != null ? ttl : existing.map(s -> Duration.ofMillis(s.ttlMillis())).orElse(null);
            if (keep != null) {
                options = options.ttl(keep);
            }
            // get-or-create writes the value only if the state is absent; otherwise set it
            State<JsonNode> state = view.createState(JsonNode.class, value, options);
            if (existing.isPresent() || !value.equals(state.get())) {
                state.set(value);
            }
            if (existing.isPresent() && !labels.isEmpty() && !existing.get().labels().equals(Set.copyOf(labels))) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("set the value; the labels were not changed (a state keeps the labels it was"
                        + " created with: " + existing.get().labels() + ")");
                err.flush();
            }
        }
        return ScopedStoreCommand.OK;
    }
}
