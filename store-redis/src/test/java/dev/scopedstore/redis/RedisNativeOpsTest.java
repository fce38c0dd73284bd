package dev.scopedstore.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.scopedstore.Atomic;
import dev.scopedstore.ScopeQuery;
import dev.scopedstore.State;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The script's exact integer and array operations at their edges. */
@DisplayName("The Redis backend's native atomic operations")
class RedisNativeOpsTest {
    private static final String NAMESPACE = "native_" + Long.toHexString(System.nanoTime());
    private static String url;
    private static Store store;

    @BeforeAll
    static void open() {
        url = RedisTestServers.standalone();
        store = Store.builder().url(url).property("keyPrefix", NAMESPACE).build();
    }

    @AfterAll
    static void close() {
        if (store != null) {
            store.dropScope(ScopeQuery.nested("ops"));
            store.close();
            RedisTestServers.dropNamespace(url, NAMESPACE);
        }
    }

    private static StateOptions options(String key, Atomic atomic) {
        return StateOptions.key(key).scope("ops").atomic(atomic);
    }

    @Test
    @DisplayName("a mapper that indents its output: labels, objects and APPEND to [] still stored as compact JSON")
    void indentingMapper() {
        ObjectMapper indenting = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        try (Store pretty = Store.builder().url(url).property("keyPrefix", NAMESPACE).mapper(indenting).build()) {
            State<List<Integer>> list = pretty.createState(new TypeReference<>() { }, List.of(),
                    StateOptions.key("pretty").scope("ops").atomic(Atomic.APPEND).labels("a", "b"));
            assertEquals(List.of(1, 2), list.accumulate(List.of(1, 2)));
            assertEquals(List.of(1, 2, 3), list.accumulate(List.of(3)));
            State<Map<String, Integer>> map = pretty.createState(new TypeReference<>() { }, Map.of("x", 1),
                    StateOptions.key("prettyMap").scope("ops").labels("a"));
            map.set(Map.of("x", 2, "y", 3));
            assertEquals(List.of(1, 2, 3), store.createState(new TypeReference<List<Integer>>() { }, List.of(),
                    StateOptions.key("pretty").scope("ops").atomic(Atomic.APPEND)).get());
            assertEquals(Map.of("x", 2, "y", 3), store.createState(new TypeReference<Map<String, Integer>>() { },
                    Map.of(), StateOptions.key("prettyMap").scope("ops")).get());
            assertEquals(2, pretty.purgeLabels("a"), "both labelled states found through their labels");
        }
    }

    @Test
    @DisplayName("MAX and MIN compare negatives, 2^53 + 1 and the 64-bit extremes exactly")
    void maxMin() {
        State<Long> max = store.createState(-5L, options("max", Atomic.MAX));
        assertEquals(-3L, max.accumulate(-3L));
        assertEquals(-3L, max.accumulate(-10L));
        assertEquals((1L << 53) + 1, max.accumulate((1L << 53) + 1));
        assertEquals((1L << 53) + 1, max.accumulate(1L << 53));
        assertEquals(Long.MAX_VALUE, max.accumulate(Long.MAX_VALUE));
        State<Long> min = store.createState(Long.MAX_VALUE, options("min", Atomic.MIN));
        assertEquals(9L, min.accumulate(9L));
        assertEquals(-12L, min.accumulate(-12L));
        assertEquals(-12L, min.accumulate(-2L));
        assertEquals(Long.MIN_VALUE, min.accumulate(Long.MIN_VALUE));
        State<BigDecimal> decimal = store.createState(new BigDecimal("0.1"), options("dmax", Atomic.MAX));
        assertEquals(0, new BigDecimal("0.30").compareTo(decimal.accumulate(new BigDecimal("0.30"))));
    }

    @Test
    @DisplayName("SUM adds 64-bit integers exactly and refuses to overflow below zero too")
    void sum() {
        State<Long> sum = store.createState(Long.MIN_VALUE + 1, options("sum", Atomic.SUM));
        assertEquals(Long.MIN_VALUE, sum.accumulate(-1L));
        assertThrows(ArithmeticException.class, () -> sum.accumulate(-1L));
        assertEquals(Long.MIN_VALUE, sum.get());
    }

    @Test
    @DisplayName("SUM stays exact on both sides of 10^15, where the script stops adding in Lua")
    void sumAroundLuaPrecision() {
        State<Long> sum = store.createState(999_999_999_999_999L, options("edge", Atomic.SUM));
        assertEquals(1_999_999_999_999_998L, sum.accumulate(999_999_999_999_999L));
        assertEquals(1_999_999_999_999_999L, sum.accumulate(1L));
        State<Long> past = store.createState(9_007_199_254_740_992L, options("pow53", Atomic.SUM));
        assertEquals(9_007_199_254_740_993L, past.accumulate(1L), "2^53 + 1, which no double holds");
        State<Long> negative = store.createState(-999_999_999_999_999L, options("neg", Atomic.SUM));
        assertEquals(0L, negative.accumulate(999_999_999_999_999L));
        assertEquals(-1L, negative.accumulate(-1L));
        assertEquals(-1L, negative.get());
    }

    @Test
    @DisplayName("APPEND splices arrays from and onto [] and keeps strings with , ] [ intact")
    void append() {
        TypeReference<List<String>> type = new TypeReference<>() { };
        State<List<String>> list = store.createState(type, List.of(), options("list", Atomic.APPEND));
        assertEquals(List.of(), list.accumulate(List.of()));
        assertEquals(List.of("a,]b"), list.accumulate(List.of("a,]b")));
        assertEquals(List.of("a,]b", "[c", "\"d\""), list.accumulate(List.of("[c", "\"d\"")));
        assertEquals(List.of("a,]b", "[c", "\"d\""), store.createState(type, List.of(),
                options("list", Atomic.APPEND)).get());
    }
}
