package dev.scopedstore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scopedstore.Atomic;
import dev.scopedstore.State;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import dev.scopedstore.spi.StateBackend;
import dev.scopedstore.spi.StoredState;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code scoped-store add SCOPE KEY NUMBER}: adds atomically, through a handle declared
 * {@link Atomic#SUM} and {@link State#accumulate}, on JSON trees so that integers stay 64-bit
 * integers and decimals stay exact {@code BigDecimal}s. A missing state starts at 0.
 */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Adds a number to a state atomically and prints the new value; concurrent adds"
                + " are never lost.",
            "Integers stay 64-bit integers (overflow is refused); decimals are exact (0.1 + 0.2 is 0.3)."
                + " A missing state starts at 0.",
            "Arrays and objects of numbers add element by element."})
final class AddCommand implements Callable<Integer> {
    @ParentCommand
    private ScopedStoreCommand root;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SCOPE", description = "A canonical scope, e.g. poll.42.")
    private String scope;

    @Parameters(index = "1", paramLabel = "KEY", description = "The key.")
    private String key;

    @Parameters(index = "2", paramLabel = "NUMBER", description = "What to add, e.g. 1, -3, 0.25, or '{\"yes\": 1}' to add to an object of numbers.")
    private String number;

    @Override
    public Integer call() {
        JsonNode x = Json.parse("number", number);
        JsonNode zero = zeroLike(x);
        Canonical canonical = Canonical.parse(scope);
        JsonNode after;
        try (Store store = root.openStore(); Store view = canonical.view(store)) {
            Optional<StoredState> existing = store.unwrap(StateBackend.class).get(canonical.id(key));
            if (existing.isPresent() && x.isNumber() && !existing.get().value().isNumber()) {
                throw CliException.usage("state " + canonical.id(key) + " holds "
                        + Json.preview(existing.get().value(), 40, "...") + ", not a number");
            }
            // one write, one event: a missing state is created by the accumulate itself
            StateOptions options = canonical.options(key).atomic(Atomic.SUM).createOnFirstWrite();
            if (existing.isPresent()) {
                options = options.ttl(Duration.ofMillis(existing.get().ttlMillis()));
            }
            State<JsonNode> counter = view.createState(JsonNode.class, zero, options);
            after = counter.accumulate(x);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(Json.write(after));
        out.flush();
        return ScopedStoreCommand.OK;
    }

    /** The value a missing state starts from: {@code x}'s shape with every number 0. */
    private JsonNode zeroLike(JsonNode x) {
        if (x.isNumber() && !x.isDouble() && !x.isFloat()) {
            if (x.isBigInteger() && !x.canConvertToLong()) {
                throw CliException.usage("number '" + number + "' is outside the 64-bit integer range");
            }
            return IntNode.valueOf(0);
        }
        if (x.isArray()) {
            ArrayNode zeros = Json.MAPPER.createArrayNode();
            x.forEach(element -> zeros.add(zeroLike(element)));
            return zeros;
        }
        if (x.isObject()) {
            ObjectNode zeros = Json.MAPPER.createObjectNode();
            x.fields().forEachRemaining(field -> zeros.set(field.getKey(), zeroLike(field.getValue())));
            return zeros;
        }
        throw CliException.usage("number '" + number + "' is not a number, nor an array or object of numbers");
    }
}
