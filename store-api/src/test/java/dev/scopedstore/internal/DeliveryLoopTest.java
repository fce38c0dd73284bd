package dev.scopedstore.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.scopedstore.StateId;
import dev.scopedstore.spi.Change;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The delivery loop")
class DeliveryLoopTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final AtomicInteger tasks = new AtomicInteger();
    private final DeliveryLoop loop = new DeliveryLoop(task -> {
        tasks.incrementAndGet();
        pool.execute(task);
    }, 2);

    @AfterEach
    void shutdown() {
        loop.close();
        pool.shutdownNow();
    }

    private static Change change(int subscriber, int version) {
        return new Change(StateId.parse("c." + subscriber, "k"), IntNode.valueOf(version), version, false);
    }

    @Test
    @DisplayName("delivers one change to each of 10,000 subscriptions with a few tasks, not one each")
    void fewTasksForManySubscriptions() throws Exception {
        int subscriptions = 10_000;
        CountDownLatch all = new CountDownLatch(subscriptions);
        List<CoalescingDispatcher> dispatchers = new ArrayList<>();
        for (int i = 0; i < subscriptions; i++) {
            dispatchers.add(new CoalescingDispatcher(loop, c -> all.countDown()));
        }
        for (int i = 0; i < subscriptions; i++) {
            dispatchers.get(i).onChange(change(i, 1));
        }
        assertTrue(all.await(10, TimeUnit.SECONDS), () -> all.getCount() + " deliveries missing");
        assertTrue(tasks.get() < 50, () -> tasks.get() + " executor tasks for " + subscriptions + " deliveries");
    }

    @Test
    @DisplayName("a listener that blocks delays no other subscription, even with every worker taken")
    void slowListenerDisturbsNobody() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(2);
        List<CoalescingDispatcher> slow = new ArrayList<>();
        for (int i = 0; i < 2; i++) { // as many as the loop's parallelism
            slow.add(new CoalescingDispatcher(loop, c -> {
                blocked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        slow.get(0).onChange(change(0, 1));
        slow.get(1).onChange(change(1, 1));
        assertTrue(blocked.await(5, TimeUnit.SECONDS));
        CountDownLatch others = new CountDownLatch(100);
        for (int i = 0; i < 100; i++) {
            new CoalescingDispatcher(loop, c -> others.countDown()).onChange(change(100 + i, 1));
        }
        try {
            assertTrue(others.await(5, TimeUnit.SECONDS), () -> others.getCount() + " of 100 waited behind two blocked listeners");
        } finally {
            release.countDown();
        }
    }

    @Test
    @DisplayName("after close returns, no delivery begins, also with changes still pending")
    void nothingAfterClose() throws Exception {
        AtomicInteger afterClose = new AtomicInteger();
        AtomicInteger delivered = new AtomicInteger();
        for (int round = 0; round < 200; round++) {
            AtomicBoolean closed = new AtomicBoolean();
            CoalescingDispatcher dispatcher = new CoalescingDispatcher(loop, c -> {
                if (closed.get()) {
                    afterClose.incrementAndGet();
                }
                delivered.incrementAndGet();
            });
            for (int v = 1; v <= 200; v++) {
                dispatcher.onChange(new Change(StateId.parse("s", "k" + v), IntNode.valueOf(v), v, false));
            }
            dispatcher.close();
            closed.set(true);
            for (int v = 201; v <= 210; v++) {
                dispatcher.onChange(new Change(StateId.parse("s", "k" + v), IntNode.valueOf(v), v, false));
            }
        }
        Thread.sleep(200); // late deliveries would show now
        assertEquals(0, afterClose.get(), "deliveries that began after close returned (of " + delivered.get() + ")");
    }
}
