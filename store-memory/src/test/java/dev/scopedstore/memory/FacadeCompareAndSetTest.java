package dev.scopedstore.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scopedstore.Atomic;
import dev.scopedstore.State;
import dev.scopedstore.StateConflictException;
import dev.scopedstore.StateId;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import dev.scopedstore.spi.AtomicOp;
import dev.scopedstore.spi.ForwardingStateBackend;
import dev.scopedstore.spi.StateMeta;
import dev.scopedstore.spi.StoredState;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A backend that declares a native operation but declines some operands
 * ({@code StateBackend.apply} returning empty) gets the facade's compare-and-set for those:
 * the result is exact, no concurrent accumulate is lost, and the operands it accepts stay native.
 */
@DisplayName("The facade's one compare-and-set: for declined operations, and on interrupt")
class FacadeCompareAndSetTest {

    /** Memory, declining every operand that is not an integer, and counting the calls. */
    static final class IntegersOnly extends ForwardingStateBackend {
        final AtomicInteger applied = new AtomicInteger();
        final AtomicInteger declined = new AtomicInteger();
        final AtomicInteger conditionalPuts = new AtomicInteger();

        IntegersOnly() {
            super(MemoryBackend.create(Clock.systemUTC()));
        }

        @Override
        public Optional<StoredState> apply(StateId id, AtomicOp op, JsonNode initial, StateMeta meta) {
            if (!op.operand().isIntegralNumber()) {
                declined.incrementAndGet();
                return Optional.empty();
            }
            applied.incrementAndGet();
            return super.apply(id, op, initial, meta);
        }

        @Override
        public Optional<StoredState> putIfVersion(StateId id, long expectedVersion, JsonNode value, StateMeta meta) {
            conditionalPuts.incrementAndGet();
            return super.putIfVersion(id, expectedVersion, value, meta);
        }
    }

    @Test
    @DisplayName("a declined decimal is added exactly by compare-and-set; an integer stays one native call")
    void declinedOperandsFallBack() {
        IntegersOnly backend = new IntegersOnly();
        try (Store store = Store.builder().backend(backend).build()) {
            State<BigDecimal> total = store.createState(new BigDecimal("0.1"),
                    StateOptions.key("total").scope("decline").atomic(Atomic.SUM));
            assertEquals(new BigDecimal("0.3"), total.accumulate(new BigDecimal("0.2")));
            assertEquals(1, backend.declined.get());
            assertEquals(1, backend.conditionalPuts.get(), "the facade's loop wrote it");

            State<Long> count = store.createState(0L, StateOptions.key("count").scope("decline").atomic(Atomic.SUM));
            assertEquals(2L, count.accumulate(2L));
            assertEquals(1, backend.applied.get());
            assertEquals(1, backend.conditionalPuts.get(), "no compare-and-set for an operand the backend took");
        }
    }

    @Test
    @DisplayName("8 threads accumulating declined decimals lose nothing")
    void concurrentDeclinedAccumulatesLoseNothing() throws Exception {
        IntegersOnly backend = new IntegersOnly();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (Store one = Store.builder().backend(backend).build();
             Store other = Store.builder().backend(new ForwardingStateBackend(backend) {
                 @Override
                 public void close() {
                     // the first store closes the shared backend
                 }
             }).build()) {
            StateOptions options = StateOptions.key("shared").scope("decline").atomic(Atomic.SUM);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                State<BigDecimal> total = (t % 2 == 0 ? one : other).createState(BigDecimal.ZERO, options);
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 250; i++) {
                        total.accumulate(new BigDecimal("0.01"));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            assertEquals(0, new BigDecimal("20.00").compareTo(one.createState(BigDecimal.ZERO, options).get()),
                    "2,000 additions of 0.01 from two stores");
            assertEquals(2000, backend.declined.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Timeout(30)
    @DisplayName("an interrupted compare-and-set ends at once with StateConflictException, flag kept, nothing written")
    void anInterruptedCompareAndSetEndsAtOnce() {
        ForwardingStateBackend alwaysLoses = new ForwardingStateBackend(MemoryBackend.create(Clock.systemUTC())) {
            @Override
            public Optional<StoredState> putIfVersion(StateId id, long expectedVersion, JsonNode value, StateMeta meta) {
                return Optional.empty();   // another writer always came first
            }
        };
        // an hour of retries: only the interrupt can end this call within the test's timeout
        try (Store store = Store.builder().backend(alwaysLoses).updateTimeout(Duration.ofHours(1)).build()) {
            State<Integer> n = store.createState(1, StateOptions.key("n").scope("decline"));
            Thread.currentThread().interrupt();
            StateConflictException e = assertThrows(StateConflictException.class, () -> n.update(x -> x + 1));
            assertTrue(Thread.interrupted(), "the interrupt flag is kept (and cleared here)");
            assertTrue(e.getMessage().contains("interrupted; nothing was written"), e.getMessage());
            assertEquals(1, n.get());
        }
    }
}
