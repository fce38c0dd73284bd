package dev.scopedstore.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scopedstore.ScopeContext;
import dev.scopedstore.ScopeQuery;
import dev.scopedstore.Scopes;
import dev.scopedstore.State;
import dev.scopedstore.StateEntry;
import dev.scopedstore.StateId;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import dev.scopedstore.spi.Capability;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Random scopes, keys, labels and values ({@link HostileInputs}), each either refused before any
 * I/O with {@link IllegalArgumentException} exactly when the memory backend refuses it, or read
 * back equal from another store instance on the same backend and listed in its scope. The seed
 * is fixed ({@link StoreConformanceKit#fuzzSeed()}) and printed with every failure; set the
 * system property {@code scopedstore.fuzz.seed} to try others.
 */
abstract class FuzzTck extends KitGroup {
    private static final TypeReference<Object> ANY = new TypeReference<>() {
    };
    /** Turns what a handle of {@code Object} read into a tree, the same way for every backend. */
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Numbers are equal when their values are: a backend may write 1.50 as 1.5. */
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) ->
            a.isNumber() && b.isNumber() ? exact(a).compareTo(exact(b)) : a.equals(b) ? 0 : 1;

    private final long seed;
    private final int cases;

    FuzzTck(StoreConformanceKit kit) {
        super(kit);
        this.seed = kit.fuzzSeed();
        this.cases = kit.fuzzCases();
    }

    @Test
    @DisplayName("random hostile inputs are refused as the memory backend refuses them, or read back equal")
    void hostileInputs() {
        HostileInputs inputs = new HostileInputs(seed);
        Store reader = capabilities().has(Capability.CHANGE_FEED_ACROSS_INSTANCES)
                ? openStoreIn(namespace()) : store();
        Map<StateId, Written> accepted = new HashMap<>();
        int refused = 0;
        try (Store reference = Store.open("memory:")) {
            for (int i = 0; i < cases; i++) {
                Case c = nextCase(inputs, i);
                Outcome expected = c.run(reference);
                Outcome actual = c.run(store());
                if (!Objects.equals(expected.refusal, actual.refusal)) {
                    fail(c.describe(seed) + ": the memory backend " + expected.describe()
                            + ", this backend " + actual.describe());
                }
                if (actual.refusal != null) {
                    refused++;
                }
                if (actual.id != null) {
                    JsonNode read = MAPPER.valueToTree(c.handle(reader).get());
                    assertSame(c, expected.value, actual.value, "read back");
                    assertSame(c, expected.value, read, "read back through another store");
                    accepted.put(actual.id, new Written(c, expected.value));
                }
            }
        }
        int refusedCases = refused;
        assertTrue(refused > cases / 50 && refused < cases / 2, () -> "the generator is off balance:"
                + " seed " + seed + " refused " + refusedCases + " of " + cases);
        assertListed(reader, accepted);
    }

    /** Every accepted case is listed in its scope, with its value, and nothing else is there. */
    private void assertListed(Store reader, Map<StateId, Written> accepted) {
        Map<StateId, Written> unseen = new HashMap<>(accepted);
        for (StateEntry entry : list(reader, ScopeQuery.nested(scope()))) {
            Written written = unseen.remove(entry.id());
            if (written == null) {
                fail("seed " + seed + ": the listing holds " + entry.id() + ", which no accepted case wrote");
            }
            assertSame(written.c, written.value, entry.value(), "listed");
        }
        assertEquals(Set.of(), unseen.keySet(), () -> "seed " + seed + ": accepted but not listed");
    }

    private void assertSame(Case c, JsonNode expected, JsonNode actual, String how) {
        if (!expected.equals(NUMBERS_BY_VALUE, actual)) {
            fail(c.describe(seed) + ": " + how + " as " + actual + ", written as " + expected);
        }
    }

    private Case nextCase(HostileInputs inputs, int index) {
        String below = inputs.segments();
        ScopeContext context = ScopeContext.empty();
        if (inputs.chance(5)) {
            below = below + "." + Scopes.CLIENT;
            context = context.withClient(validOr(inputs.name(), "c" + index));
        } else if (inputs.chance(8)) {
            below = Scopes.USER + "." + below;
            context = context.withUser(validOr(inputs.name(), "u" + index));
        }
        // the index makes each case's scope its own, so the key can be any name
        return new Case(index, scope() + "." + index + "." + below, inputs.name(), inputs.labels(), context,
                inputs.value(), inputs.chance(2) ? inputs.value() : null);
    }

    /** A context id that the context accepts, so that the case tests the scope it makes. */
    private static String validOr(String id, String fallback) {
        try {
            ScopeContext.empty().withClient(id);
            return id;
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }

    private static BigDecimal exact(JsonNode n) {
        return n.isBigDecimal() || n.isFloatingPointNumber() ? new BigDecimal(n.asText()) : new BigDecimal(n.bigIntegerValue());
    }

    /** One fuzz case: a state created with {@code first}, then (if any) set to {@code second}. */
    private record Case(int index, String scope, String key, Set<String> labels, ScopeContext context,
                        Object first, Object second) {
        StateOptions options() {
            return StateOptions.key(key).scope(scope).labels(labels.toArray(String[]::new));
        }

        State<Object> handle(Store store) {
            return store.with(context).createState(ANY, null, options());
        }

        /** Creates the state, then sets it; a refused set leaves the created state as it was. */
        Outcome run(Store store) {
            State<Object> state;
            try {
                state = store.with(context).createState(ANY, first, options());
            } catch (IllegalArgumentException e) {
                return new Outcome(refusal("createState", e), null, null);
            }
            String refusal = null;
            if (second != null) {
                try {
                    state.set(second);
                } catch (IllegalArgumentException e) {
                    refusal = refusal("set", e);
                }
            }
            return new Outcome(refusal, state.id(), MAPPER.valueToTree(state.get()));
        }

        private static String refusal(String call, IllegalArgumentException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "a refusal says why");
            return call + " refused with " + e.getClass().getSimpleName();
        }

        String describe(long seed) {
            return "seed " + seed + ", case #" + index + ": scope '" + printable(scope) + "', key '"
                    + printable(key) + "', labels " + printable(labels.toString()) + ", context "
                    + context + ", value " + printable(String.valueOf(first)) + (second == null ? ""
                    : ", then " + printable(String.valueOf(second)));
        }
    }

    /** What a case did: its refusal (if any) and, if the state was created, what it holds. */
    private record Outcome(String refusal, StateId id, JsonNode value) {
        String describe() {
            return refusal == null ? "stored it" : refusal;
        }
    }

    private record Written(Case c, JsonNode value) {
    }

    /** Shows everything outside printable ASCII as {@code \\uXXXX}, with long texts cut. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(text.length(), 200); i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04X", (int) c));
        }
        return text.length() > 200 ? out + "…(" + text.length() + " chars)" : out.toString();
    }
}
