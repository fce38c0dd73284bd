package dev.scopedstore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.scopedstore.Scope;
import dev.scopedstore.StateId;
import dev.scopedstore.Subscription;
import dev.scopedstore.spi.Change;
import dev.scopedstore.spi.ChangeFeedListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The listener dispatcher")
class CoalescingDispatcherTest {
    private static final StateId A = StateId.parse("s", "a");
    private static final StateId B = StateId.parse("s", "b");

    private final ExecutorService executor = Executors.newFixedThreadPool(4);

    @AfterEach
    void shutdown() {
        executor.shutdownNow();
    }

    private static Change change(StateId id, int version) {
        return new Change(id, IntNode.valueOf(version), version, false);
    }

    @Test
    @DisplayName("delivers increasing versions per state and always the latest, from racing writers")
    void latestAlwaysArrives() throws Exception {
        ConcurrentLinkedQueue<Change> seen = new ConcurrentLinkedQueue<>();
        CoalescingDispatcher dispatcher = new CoalescingDispatcher(new DeliveryLoop(executor, 4), c -> {
            seen.add(c);
            Thread.onSpinWait();
        });
        int writers = 4;
        int perWriter = 5_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int offset = w;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 1; i <= perWriter; i++) {
                    int version = i * writers - offset;
                    dispatcher.onChange(change(A, version));
                    dispatcher.onChange(change(B, version));
                }
            });
            t.start();
            threads.add(t);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        int latest = perWriter * writers;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && !(lastOf(seen, A) == latest && lastOf(seen, B) == latest)) {
            Thread.sleep(10);
        }
        assertEquals(latest, lastOf(seen, A));
        assertEquals(latest, lastOf(seen, B));
        for (StateId id : List.of(A, B)) {
            long previous = 0;
            for (Change c : seen) {
                if (c.id().equals(id)) {
                    assertTrue(c.version() > previous, "version " + c.version() + " after " + previous);
                    previous = c.version();
                }
            }
        }
    }

    @Test
    @DisplayName("keeps delivering after the listener throws")
    void throwingListener() throws Exception {
        CountDownLatch second = new CountDownLatch(1);
        CoalescingDispatcher dispatcher = new CoalescingDispatcher(new DeliveryLoop(executor, 4), c -> {
            if (c.version() == 1) {
                throw new IllegalStateException("listener bug");
            }
            second.countDown();
        });
        dispatcher.onChange(change(A, 1));
        Thread.sleep(50);
        dispatcher.onChange(change(A, 2));
        assertTrue(second.await(5, TimeUnit.SECONDS));
    }

    private static long lastOf(ConcurrentLinkedQueue<Change> seen, StateId id) {
        long last = 0;
        for (Change c : seen) {
            if (c.id().equals(id)) {
                last = c.version();
            }
        }
        return last;
    }

    @Test
    @DisplayName("forgets what it delivered ten minutes ago once its memory doubled, and still drops older changes of the rest")
    void forgetsLongAgo() {
        AtomicLong now = new AtomicLong();
        List<Change> seen = new ArrayList<>();
        CoalescingDispatcher dispatcher = new CoalescingDispatcher(new DeliveryLoop(Runnable::run, 2), seen::add, now::get);
        Scope scope = Scope.parse("many");
        for (int i = 0; i < 1000; i++) {
            dispatcher.onChange(change(new StateId(scope, "old" + i), 5));
        }
        now.addAndGet(CoalescingDispatcher.REMEMBER_NANOS + 1);
        for (int i = 0; i < 100; i++) {
            dispatcher.onChange(change(new StateId(scope, "new" + i), 5));
        }
        assertEquals(100, dispatcher.remembered(), "the 1,000 delivered long ago are forgotten");
        dispatcher.onChange(change(new StateId(scope, "new7"), 4));
        assertEquals(1100, seen.size(), "an older change of a remembered state is still dropped");
    }

    @Test
    @DisplayName("a subscription opened on a feed closes that feed once, however often it is closed, and delivers nothing after")
    void closingClosesTheFeedOnce() {
        List<Change> seen = new ArrayList<>();
        AtomicLong feedCloses = new AtomicLong();
        ChangeFeedListener[] feed = new ChangeFeedListener[1];
        Subscription subscription = CoalescingDispatcher.open(new DeliveryLoop(Runnable::run, 2), seen::add,
                listener -> {
                    feed[0] = listener;
                    return feedCloses::incrementAndGet;
                });
        feed[0].onChange(change(A, 1));
        assertEquals(List.of(change(A, 1)), seen, "the feed's change is delivered");
        subscription.close();
        subscription.close();
        assertEquals(1, feedCloses.get(), "the feed is closed once");
        feed[0].onChange(change(A, 2));
        assertEquals(1, seen.size(), "nothing is delivered after close");
    }
}
