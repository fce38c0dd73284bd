package dev.scopedstore.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.scopedstore.Atomic;
import dev.scopedstore.MissingScopeContextException;
import dev.scopedstore.Scope;
import dev.scopedstore.ScopeContext;
import dev.scopedstore.ScopeQuery;
import dev.scopedstore.Scopes;
import dev.scopedstore.State;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import dev.scopedstore.spi.ScopeFilter;
import dev.scopedstore.spi.StateBackend;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input: refused before any I/O, with nothing written. */
abstract class BadInputTck extends KitGroup {
    /** Values up to this size are built to test the limit; larger limits are skipped. */
    private static final int LARGEST_TESTED_LIMIT = 64 << 20;

    BadInputTck(StoreConformanceKit kit) {
        super(kit);
    }

    @Test
    @DisplayName("a null key is refused with NullPointerException")
    void nullKey() {
        assertThrows(NullPointerException.class, () -> StateOptions.key(null));
    }

    @Test
    @DisplayName("an empty key, a control character or a key over 1,024 UTF-8 bytes is refused")
    void badKeys() {
        assertThrows(IllegalArgumentException.class, () -> StateOptions.key(""));
        assertThrows(IllegalArgumentException.class, () -> StateOptions.key("a\u0000b"));
        assertThrows(IllegalArgumentException.class, () -> StateOptions.key("a\nb"));
        for (String unit : List.of("a", "é", "€", "😀")) {
            String fits = fill(unit, 1024);
            assertEquals(1024, fits.getBytes(StandardCharsets.UTF_8).length);
            String tooLong = fits + "a";
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> StateOptions.key(tooLong), "1,025 bytes of '" + unit + "'");
            assertTrue(e.getMessage().contains("key"), () -> "names the bad part: " + e.getMessage());
            State<String> s = store().createState("v", key(fits));
            assertEquals(fits, s.key());
            assertTrue(store().hasState(key(fits)), "a key of 1,024 bytes of '" + unit + "'");
        }
    }

    @Test
    @DisplayName("a malformed scope is refused at createState, nothing written")
    void badScopes() {
        refusedAtCreate(IllegalArgumentException.class, StateOptions.key("k").scope(""));
        refusedAtCreate(IllegalArgumentException.class, key("k", "a..b"));
        refusedAtCreate(IllegalArgumentException.class, key("k", "a."));
        refusedAtCreate(IllegalArgumentException.class, key("k", "a\u0001b"));
        refusedAtCreate(IllegalArgumentException.class, key("k", "a\nb"));
        refusedAtCreate(IllegalArgumentException.class, key("k", "x".repeat(1030)));
        refusedAtCreate(IllegalArgumentException.class, key("k", "$foo"));
        refusedAtCreate(IllegalArgumentException.class, key("k", "$client~abc"));
        refusedAtCreate(IllegalArgumentException.class, StateOptions.key("k").scope("$client~abc"));
    }

    @Test
    @DisplayName("a scope too long once resolved is refused")
    void tooLongOnceResolved() {
        String id = "é".repeat(200); // 400 UTF-8 bytes, 1,200 once percent-encoded
        Store view = store().with(ScopeContext.empty().withClient(id));
        StateOptions opts = key("k", Scopes.CLIENT);
        assertThrows(IllegalArgumentException.class, () -> view.createState(0, opts));
        assertThrows(IllegalArgumentException.class, () -> view.hasState(opts));
        assertNothingIn(scope());
    }

    @Test
    @DisplayName("a canonical scope in an application query is refused")
    void canonicalInQuery() {
        ScopeQuery canonical = ScopeQuery.scope(scope() + ".$client~abc");
        assertThrows(IllegalArgumentException.class, () -> store().dropScope(canonical));
        assertThrows(IllegalArgumentException.class, () -> {
            try (Stream<?> s = store().states(canonical)) {
                s.count();
            }
        });
        assertThrows(IllegalArgumentException.class, () -> store().touch(scope() + ".$client~abc"));
    }

    @Test
    @DisplayName("a placeholder without context raises MissingScopeContextException")
    void missingContext() {
        refusedAtCreate(MissingScopeContextException.class, key("k", Scopes.CLIENT));
        Store clientOnly = client("A");
        StateOptions mine = key("k", Scopes.USER + ".settings");
        assertThrows(MissingScopeContextException.class, () -> clientOnly.createState(0, mine));
        assertThrows(MissingScopeContextException.class, () -> clientOnly.hasState(mine));
        StateOptions noScope = StateOptions.key("k-" + randomHex());
        assertEquals(Scopes.COMPONENT, noScope.scope(), "the default scope");
        assertThrows(MissingScopeContextException.class, () -> store().createState(0, noScope));
        assertNothingIn(scope());
    }

    @Test
    @DisplayName("a null default without a type is refused; null is JSON null everywhere else")
    void nullValues() {
        assertThrows(NullPointerException.class, () -> store().createState(null, key("k")));
        assertFalse(store().hasState(key("k")));
        State<String> s = store().createState("v", key("k"));
        long version = s.version();
        s.set(null);
        assertNull(s.get(), "JSON null reads back as null, not as the default");
        assertEquals(version + 1, s.version());
        assertTrue(store().hasState(key("k")));
        assertTrue(s.setIfVersion(version + 1, "w"));
        assertNull(s.update(v -> null));
        State<String> other = store().createState("default", key("k"));
        assertNull(other.get(), "another handle reads the same JSON null");
        State<String> typed = store().createState(String.class, null, key("typed"));
        assertNull(typed.get());
        assertTrue(store().hasState(key("typed")), "a null default is stored as JSON null");
    }

    @Test
    @DisplayName("a value over the backend's limit is refused, nothing written")
    void valueTooLarge() {
        int max = capabilities().maxValueBytes();
        assumeTrue(max <= LARGEST_TESTED_LIMIT, () -> "the declared maxValueBytes " + max
                + " is larger than the kit builds values for (" + LARGEST_TESTED_LIMIT + ")");
        String tooLarge = "a".repeat(max - 1); // with its two quotes, one byte over
        assertThrows(IllegalArgumentException.class, () -> store().createState(tooLarge, key("big")));
        assertFalse(store().hasState(key("big")));
        State<String> s = store().createState("", key("big"));
        long version = s.version();
        assertThrows(IllegalArgumentException.class, () -> s.set(tooLarge));
        assertEquals("", s.get());
        assertEquals(version, s.version());
        String largest = "a".repeat(max - 2);
        s.set(largest);
        assertEquals(largest.length(), s.get().length(), "a value of exactly maxValueBytes fits");
    }

    @Test
    @DisplayName("an equation that cannot be parsed or solved is refused at createState")
    void badEquations() {
        refusedAtCreate(IllegalArgumentException.class, key("votes").atomic("votes = ans / x"));
        refusedAtCreate(IllegalArgumentException.class, key("votes").atomic("votes = ans + ans"));
        refusedAtCreate(IllegalArgumentException.class, key("votes").atomic("votes ="));
        StateOptions sumOfText = StateOptions.key("votes").scope(scope()).atomic(
                Atomic.SUM);
        assertThrows(IllegalArgumentException.class, () -> store().createState("text", sumOfText));
        assertFalse(store().hasState(sumOfText));
    }

    @Test
    @DisplayName("a write the equation cannot express is refused at set, nothing written")
    void inexpressibleWrites() {
        State<Integer> product = store().createState(0, key("p").atomic(Atomic.PRODUCT));
        refusedAtSet(product, 5, 0);
        State<List<String>> append = store().createState(List.of("a", "b"),
                key("a").atomic(Atomic.APPEND));
        refusedAtSet(append, List.of("b"), List.of("a", "b"));
        refusedAtSet(append, List.of("x", "a", "b"), List.of("a", "b"));
        State<List<String>> union = store().createState(List.of("a", "b"),
                key("u").atomic(Atomic.UNION));
        refusedAtSet(union, List.of("a", "c"), List.of("a", "b"));
        State<Integer> max = store().createState(10, key("m").atomic(Atomic.MAX));
        refusedAtSet(max, 3, 10);
    }

    @Test
    @DisplayName("a value no backend can hold is refused naming its path, nothing written, on every backend alike")
    void unportableValues() {
        State<Object> s = store().createState(Object.class, "kept", key("v"));
        long version = s.version();
        Map<String, Object> deep = Map.of("a", List.of(1, 2, Map.of("b", "x\uD800y")));
        refusedValue(s, deep, "$.a[2].b", "unpaired surrogate U+D800");
        refusedValue(s, Map.of("we ird", Map.of("k\uDC00", 1)), "$['we ird']", "field name");
        refusedValue(s, "a\u0000b", "$", "U+0000");
        refusedValue(s, List.of("ok", "\u0000"), "$[1]", "U+0000");
        refusedValue(s, "😀".substring(0, 1), "$", "unpaired surrogate U+D83D");
        refusedValue(s, List.of(Double.NaN), "$[0]", "NaN");
        refusedValue(s, Map.of("n", new BigInteger("1" + "0".repeat(37) + "1")), "$.n", "39 significant digits");
        refusedValue(s, Map.of("n", new BigDecimal("1E126")), "$.n", "1E126");
        Object nested = "leaf";
        for (int i = 0; i < 33; i++) {
            nested = List.of(nested);
        }
        refusedValue(s, nested, "$" + "[0]".repeat(32), "deeper than 32");
        assertEquals("kept", s.get());
        assertEquals(version, s.version());
        assertThrows(IllegalArgumentException.class,
                () -> store().createState("bad\uD800", key("never")));
        assertFalse(store().hasState(key("never")));

        Map<String, Object> edges = Map.of("control", "\u0001\u001F\u007F\t", "pair", "😀𝄞",
                "digits", new BigInteger("9".repeat(38)), "small", new BigDecimal("1E-130"),
                "long", Long.MIN_VALUE, "deep", nestedList(31), "escaped", "\\u0000");
        s.set(edges);
        assertEquals(edges.keySet(), ((Map<?, ?>) store().createState(Object.class, null, key("v")).get()).keySet());
        assertEquals("😀𝄞", ((Map<?, ?>) s.get()).get("pair"));
    }

    private static Object nestedList(int depth) {
        Object nested = "leaf";
        for (int i = 1; i < depth; i++) {
            nested = List.of(nested);
        }
        return nested;
    }

    private static void refusedValue(State<Object> s, Object value, String path, String why) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.set(value),
                () -> "set(" + path + ")");
        assertTrue(e.getMessage().contains(" at " + path + " ") && e.getMessage().contains(why),
                () -> "names " + path + " and '" + why + "': " + e.getMessage());
    }

    @Test
    @DisplayName("a malformed paging cursor is IllegalArgumentException, not repeating the cursor")
    void malformedCursors() {
        StateBackend backend = store().unwrap(StateBackend.class);
        store().createState(1, key("k"));
        ScopeFilter all = new ScopeFilter(Scope.parse(scope()), true);
        for (String cursor : List.of("", "secret", "\n", "a\n", "\nk", "a..b\nk", "$client\nk",
                scope() + "\nk\nx", scope() + "\u0001k", "a\n\u0000")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> backend.states(all, cursor, 10), () -> "states after '" + cursor + "'");
            assertFalse(e.getMessage().contains("secret"), e::getMessage);
        }
        for (String cursor : List.of("", "a..b", "a.", "$client", "$client~", "a\nb")) {
            assertThrows(IllegalArgumentException.class, () -> backend.scopes(all, cursor, 10),
                    () -> "scopes after '" + cursor + "'");
        }
        assertEquals(1, list(store(), ScopeQuery.nested(scope())).size(), "listings still work");
    }

    @Test
    @DisplayName("every call after close raises IllegalStateException")
    void afterClose() {
        Store own = openFreshStore(b -> b);
        State<Integer> s = own.createState(1, key("k"));
        own.close();
        List<Executable> calls = List.of(s::get, () -> s.set(2), () -> s.update(n -> n + 1),
                s::version, s::delete, s::touch, () -> s.setIfVersion(1, 2),
                () -> s.subscribe(change -> { }),
                () -> own.createState(1, key("k2")), () -> own.hasState(key("k")),
                () -> own.deleteState(key("k")), own::ping, () -> own.touch(scope()),
                () -> own.getAll(List.of(s)), () -> own.purgeLabels("x-" + randomHex()),
                () -> own.dropScope(ScopeQuery.nested(scope())),
                () -> {
                    try (Stream<?> listing = own.states(ScopeQuery.nested(scope()))) {
                        listing.count();
                    }
                });
        for (int i = 0; i < calls.size(); i++) {
            assertThrows(IllegalStateException.class, calls.get(i), "call #" + i + " after close");
        }
        own.close();
    }

    private void refusedAtCreate(Class<? extends Throwable> expected, StateOptions opts) {
        assertThrows(expected, () -> store().createState(0, opts), () -> opts.toString());
        assertNothingIn(scope());
    }

    private static <T> void refusedAtSet(State<T> state, T value, T unchanged) {
        long version = state.version();
        assertThrows(IllegalArgumentException.class, () -> state.set(value),
                () -> "set(" + value + ") from " + unchanged);
        assertEquals(unchanged, state.get());
        assertEquals(version, state.version());
    }

    private void assertNothingIn(String scope) {
        assertEquals(List.of(), list(store(), ScopeQuery.nested(scope)));
    }

    /** @return {@code unit} repeated, then padded with 'a', to exactly {@code bytes} UTF-8 bytes */
    private static String fill(String unit, int bytes) {
        int unitBytes = unit.getBytes(StandardCharsets.UTF_8).length;
        String repeated = unit.repeat(bytes / unitBytes);
        return repeated + "a".repeat(bytes - repeated.getBytes(StandardCharsets.UTF_8).length);
    }
}
