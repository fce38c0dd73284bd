package dev.scopedstore.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.scopedstore.Atomic;
import dev.scopedstore.State;
import dev.scopedstore.StateOptions;
import dev.scopedstore.testkit.KitValues.Totals;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Exact numbers: 64-bit integers that never wrap, decimals that never round. */
abstract class ExactNumberTck extends KitGroup {
    private static final long TWO_POW_53_PLUS_1 = (1L << 53) + 1;

    ExactNumberTck(StoreConformanceKit kit) {
        super(kit);
    }

    private StateOptions sum() {
        return StateOptions.key("votes").scope(scope()).atomic(Atomic.SUM);
    }

    @Test
    @DisplayName("a long of 2^62 round-trips")
    void largeLong() {
        State<Long> big = store().createState(1L << 62, key("big"));
        assertEquals(1L << 62, store().createState(0L, key("big")).get());
        big.set((1L << 62) + 1);
        assertEquals((1L << 62) + 1, store().createState(0L, key("big")).get());
    }

    @Test
    @DisplayName("SUM reaches Long.MAX_VALUE and refuses to overflow, changing nothing")
    void overflow() {
        State<Long> votes = store().createState(Long.MAX_VALUE - 1, sum());
        assertEquals(Long.MAX_VALUE, votes.accumulate(1L));
        long version = votes.version();
        assertThrows(ArithmeticException.class, () -> votes.accumulate(1L));
        assertEquals(Long.MAX_VALUE, votes.get());
        assertEquals(version, votes.version());
    }

    @Test
    @DisplayName("an equation write whose change leaves the 64-bit range is refused, never wrapped")
    void solvedChangeOverflows() {
        State<Long> votes = store().createState(Long.MAX_VALUE, sum());
        long version = votes.version();
        assertEquals(Long.MAX_VALUE, votes.get());
        // x = MIN_VALUE - MAX_VALUE does not fit 64 bits; the API documents ArithmeticException
        // for a range overflow and IllegalArgumentException for an inexpressible write
        RuntimeException e = assertThrows(RuntimeException.class, () -> votes.set(Long.MIN_VALUE));
        assertTrue(e instanceof ArithmeticException || e instanceof IllegalArgumentException,
                () -> "refused as an overflow or an inexpressible write: " + e);
        assertEquals(Long.MAX_VALUE, votes.get());
        assertEquals(version, votes.version());
    }

    @Test
    @DisplayName("0.1 SUM 0.2 is exactly 0.3")
    void decimalSum() {
        State<BigDecimal> money = store().createState(new BigDecimal("0.1"), sum());
        BigDecimal after = money.accumulate(new BigDecimal("0.2"));
        assertEquals(0, new BigDecimal("0.3").compareTo(after), () -> "got " + after);
        BigDecimal read = store().createState(BigDecimal.ZERO, sum()).get();
        assertEquals(0, new BigDecimal("0.3").compareTo(read), () -> "got " + read);
        assertEquals("0.3", read.toPlainString());
    }

    @Test
    @DisplayName("integers and decimals in arrays, objects and records stay exact")
    void nestedExact() {
        long[] longs = {Long.MAX_VALUE, Long.MIN_VALUE, TWO_POW_53_PLUS_1};
        store().createState(longs, key("array"));
        assertArrayEquals(longs, store().createState(new long[0], key("array")).get());

        Map<String, Long> map = Map.of("max", Long.MAX_VALUE, "min", Long.MIN_VALUE,
                "odd", TWO_POW_53_PLUS_1);
        TypeReference<Map<String, Long>> mapType = new TypeReference<>() { };
        store().createState(mapType, map, key("map"));
        assertEquals(map, store().createState(mapType, Map.of(), key("map")).get());

        List<BigDecimal> decimals = List.of(new BigDecimal("0.1"),
                new BigDecimal("12345678901234567890.123456789"), new BigDecimal("1E-30"));
        TypeReference<List<BigDecimal>> decimalType = new TypeReference<>() { };
        store().createState(decimalType, decimals, key("decimals"));
        List<BigDecimal> read = store().createState(decimalType, List.of(), key("decimals")).get();
        assertEquals(decimals.size(), read.size());
        for (int i = 0; i < decimals.size(); i++) {
            assertEquals(0, decimals.get(i).compareTo(read.get(i)), "decimal " + decimals.get(i)
                    + " read back as " + read.get(i));
        }

        Totals totals = new Totals(TWO_POW_53_PLUS_1, new BigDecimal("19.99"),
                List.of(Long.MAX_VALUE, -TWO_POW_53_PLUS_1));
        store().createState(totals, key("totals"));
        Totals readTotals = store().createState(Totals.class, null, key("totals")).get();
        assertEquals(totals.big(), readTotals.big());
        assertEquals(0, totals.price().compareTo(readTotals.price()));
        assertEquals(totals.history(), readTotals.history());
    }
}
