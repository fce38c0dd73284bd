package dev.scopedstore.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scopedstore.ScopeQuery;
import dev.scopedstore.State;
import dev.scopedstore.StateChange;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import dev.scopedstore.Subscription;
import dev.scopedstore.spi.Capability;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Notifications: the latest value of every change arrives, in version order. */
abstract class NotificationTck extends KitGroup {
    NotificationTck(StoreConformanceKit kit) {
        super(kit);
    }

    @Test
    @DisplayName("state.subscribe receives increasing versions and the last of 100 writes")
    void hundredWrites() {
        State<Integer> n = store().createState(0, key("n"));
        long created = n.version();
        Recorder<Integer> recorder = Recorder.recording();
        Subscription subscription = n.subscribe(recorder);
        try {
            for (int i = 1; i <= 100; i++) {
                n.set(i);
            }
            long last = n.version();
            recorder.await(notificationTimeout(), c -> c.version() == last, "at version " + last);
        } finally {
            subscription.close();
        }
        List<StateChange<Integer>> changes = recorder.changes();
        StateChange<Integer> lastChange = changes.get(changes.size() - 1);
        assertEquals(100, lastChange.value(), "the latest value arrives last");
        assertEquals(n.id(), lastChange.id());
        for (int i = 0; i < changes.size(); i++) {
            StateChange<Integer> c = changes.get(i);
            assertFalse(c.deleted());
            assertEquals(c.version() - created, (long) c.value(), () -> "value and version of " + c);
            if (i > 0) {
                assertTrue(c.version() > changes.get(i - 1).version(), "versions increase: " + changes);
            }
        }
    }

    @Test
    @DisplayName("store.subscribe(nested(S)) receives a change made in S.x, not in Sster")
    void nestedSubscription() {
        Recorder<JsonNode> recorder = Recorder.recording();
        Subscription subscription = store().subscribe(ScopeQuery.nested(scope()), recorder);
        try {
            store().createState(0, StateOptions.key("k").scope(scope() + ListingTck.SIBLING_SUFFIX))
                    .set(1);
            State<Integer> s = store().createState(0, key("k", "x"));
            s.set(7);
            StateChange<JsonNode> change = recorder.await(notificationTimeout(),
                    c -> c.id().equals(s.id()) && c.value() != null && c.value().asInt() == 7,
                    "of " + s.id() + " to 7");
            assertEquals(s.version(), change.version());
        } finally {
            subscription.close();
        }
        assertTrue(recorder.changes().stream().allMatch(c -> scopeCovers(c.id().scope().canonical())),
                () -> "only S and below: " + recorder.changes());
    }

    private boolean scopeCovers(String canonical) {
        return canonical.equals(scope()) || canonical.startsWith(scope() + ".");
    }

    @Test
    @DisplayName("a deletion arrives as deleted")
    void deletion() {
        State<Integer> s = store().createState(0, key("k"));
        s.set(1);
        long written = s.version();
        Recorder<Integer> recorder = Recorder.recording();
        Subscription subscription = s.subscribe(recorder);
        try {
            s.delete();
            StateChange<Integer> change = recorder.await(notificationTimeout(),
                    StateChange::deleted, "deleted");
            assertNull(change.value());
            assertEquals(s.id(), change.id());
            assertTrue(change.version() > written, "a deletion's version is above the last write's");
        } finally {
            subscription.close();
        }
    }

    @Test
    @DisplayName("a listener that throws disturbs neither another listener nor its own later deliveries")
    void throwingListener() {
        State<Integer> s = store().createState(0, key("k"));
        Recorder<Integer> thrower = Recorder.throwingAfterRecording();
        Recorder<Integer> calm = Recorder.recording();
        Subscription a = s.subscribe(thrower);
        Subscription b = s.subscribe(calm);
        try {
            for (int value = 1; value <= 2; value++) {
                s.set(value);
                int wanted = value;
                thrower.await(notificationTimeout(), c -> Objects.equals(c.value(), wanted),
                        "to " + wanted + ", to the throwing listener");
                calm.await(notificationTimeout(), c -> Objects.equals(c.value(), wanted),
                        "to " + wanted + ", to the other listener");
            }
        } finally {
            b.close();
            a.close();
        }
    }

    @Test
    @DisplayName("16 threads subscribing, writing and closing at once: each live subscription gets its latest value, none a delivery after its close")
    void concurrentSubscribeWriteClose() {
        int threads = 16;
        int rounds = Math.max(3, Math.min(20, opsPerThread() / 50));
        AtomicInteger afterClose = new AtomicInteger();
        Concurrently.run(threads, concurrencyTimeout(), thread -> {
            for (int round = 0; round < rounds; round++) {
                State<Integer> s = store().createState(0, key("k", "c" + thread + "." + round));
                AtomicBoolean closed = new AtomicBoolean();
                AtomicInteger last = new AtomicInteger();
                Subscription subscription = s.subscribe(c -> {
                    if (closed.get()) {
                        afterClose.incrementAndGet();
                    }
                    last.set(c.value() == null ? -1 : c.value());
                });
                for (int i = 1; i <= 5; i++) {
                    s.set(i);
                }
                int thisThread = thread;
                Awaiting.until(notificationTimeout(), () -> last.get() == 5,
                        () -> "thread " + thisThread + " got " + last.get() + ", not the latest 5");
                subscription.close();
                closed.set(true);
                s.set(6); // a write after close: must not be delivered
            }
        });
        // a last look for late deliveries: a probe written after every closed state's last write
        State<Integer> probe = store().createState(0, key("probe"));
        Recorder<Integer> probed = Recorder.recording();
        try (Subscription watching = probe.subscribe(probed)) {
            probe.set(1);
            probed.await(notificationTimeout(), c -> Objects.equals(c.value(), 1), "the probe");
        }
        assertEquals(0, afterClose.get(), "deliveries that began after their subscription's close returned");
    }

    @Test
    @DisplayName("closing a subscription stops deliveries")
    void closeStops() {
        State<Integer> s = store().createState(0, key("k"));
        Recorder<Integer> closed = Recorder.recording();
        Recorder<Integer> open = Recorder.recording();
        Subscription keep = s.subscribe(open);
        try {
            Subscription sub = s.subscribe(closed);
            s.set(1);
            closed.await(notificationTimeout(), c -> Objects.equals(c.value(), 1), "to 1");
            sub.close();
            s.set(2);
            s.set(3);
            open.await(notificationTimeout(), c -> Objects.equals(c.value(), 3), "to 3");
        } finally {
            keep.close();
        }
        assertTrue(closed.changes().stream().noneMatch(c -> c.value() != null && c.value() > 1),
                () -> "delivered after close: " + closed.changes());
    }

    @Test
    @DisplayName("a second store on the same namespace sees the first store's write")
    void acrossInstances() {
        assumeCapability(Capability.CHANGE_FEED_ACROSS_INSTANCES, "declare it when the change"
                + " feed carries writes of other Store instances on the same backend");
        Store second = openStoreIn(namespace());
        Recorder<JsonNode> recorder = Recorder.recording();
        Subscription subscription = second.subscribe(ScopeQuery.nested(scope()), recorder);
        try {
            State<String> s = store().createState("", key("k"));
            s.set("from the first store");
            recorder.await(notificationTimeout(), c -> c.id().equals(s.id()) && c.value() != null
                    && c.value().asText().equals("from the first store"), "from the first store");
        } finally {
            subscription.close();
        }
        assertEquals("from the first store", second.createState("", key("k")).get());
    }
}
