package dev.scopedstore.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.scopedstore.Scope;
import dev.scopedstore.ScopeContext;
import dev.scopedstore.StateId;
import dev.scopedstore.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The change fan-out")
class ChangeFanoutTest {
    private final ChangeFanout fanout = new ChangeFanout();

    private static Change change(String canonicalScope) {
        return new Change(StateId.parse(canonicalScope, "k"), IntNode.valueOf(1), 1, false);
    }

    private List<String> recordInto(List<String> seen, String name, ScopeFilter filter) {
        fanout.subscribe(filter, c -> seen.add(name + "<-" + c.id().scope()));
        return seen;
    }

    @Test
    @DisplayName("hands a change to the subscriptions of its scope, of each ancestor (nested) and of every scope only")
    void matchesThroughTheIndex() {
        List<String> seen = new ArrayList<>();
        recordInto(seen, "exact poll.42", new ScopeFilter(Scope.parse("poll.42"), false));
        recordInto(seen, "exact poll", new ScopeFilter(Scope.parse("poll"), false));
        recordInto(seen, "nested poll", new ScopeFilter(Scope.parse("poll"), true));
        recordInto(seen, "nested poll.42.a", new ScopeFilter(Scope.parse("poll.42.a"), true));
        recordInto(seen, "nested pollster", new ScopeFilter(Scope.parse("pollster"), true));
        recordInto(seen, "all", ScopeFilter.ALL);
        fanout.publish(change("poll.42"));
        assertEquals(List.of("exact poll.42<-poll.42", "nested poll<-poll.42", "all<-poll.42"), seen);
        seen.clear();
        fanout.publish(change("pollster.1"));
        assertEquals(List.of("nested pollster<-pollster.1", "all<-pollster.1"), seen);
    }

    @Test
    @DisplayName("a dot inside a resolved id is not a level: chat.$client~a.b is not under chat.$client~a")
    void dotsInIdsAreNotLevels() {
        Scope dotted = Scope.resolve("chat.$client", ScopeContext.empty().withClient("a.b"));
        Scope other = Scope.resolve("chat.$client", ScopeContext.empty().withClient("a"));
        List<String> seen = new ArrayList<>();
        recordInto(seen, "a", new ScopeFilter(other, true));
        fanout.publish(new Change(new StateId(dotted, "k"), IntNode.valueOf(1), 1, false));
        assertEquals(List.of(), seen);
    }

    @Test
    @DisplayName("100,000 subscriptions on other scopes are all closed again, and cost a change nothing to find")
    void manySubscriptionsComeAndGo() {
        AtomicInteger others = new AtomicInteger();
        List<Subscription> subscriptions = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            subscriptions.add(fanout.subscribe(new ScopeFilter(Scope.parse("c." + i), i % 2 == 0),
                    c -> others.incrementAndGet()));
        }
        AtomicInteger mine = new AtomicInteger();
        Subscription own = fanout.subscribe(new ScopeFilter(Scope.parse("mine"), false), c -> mine.incrementAndGet());
        fanout.publish(change("mine"));
        fanout.publish(change("c.7"));
        assertEquals(1, mine.get());
        assertEquals(1, others.get(), "only c.7's subscription");
        subscriptions.forEach(Subscription::close);
        subscriptions.forEach(Subscription::close); // twice does nothing
        assertTrue(fanout.hasSubscribers());
        own.close();
        assertFalse(fanout.hasSubscribers(), "every subscription closed");
        fanout.publish(change("c.7"));
        assertEquals(1, others.get());
    }

    @Test
    @DisplayName("covers tells whether a change of a scope has a subscriber, and publishWrite builds nothing otherwise")
    void covers() {
        AtomicInteger heard = new AtomicInteger();
        fanout.subscribe(new ScopeFilter(Scope.parse("poll"), true), c -> heard.incrementAndGet());
        fanout.subscribe(new ScopeFilter(Scope.parse("chat.1"), false), c -> heard.incrementAndGet());
        assertTrue(fanout.covers(Scope.parse("poll.42.a")));
        assertTrue(fanout.covers(Scope.parse("chat.1")));
        assertFalse(fanout.covers(Scope.parse("chat.1.x")), "an exact subscription covers no nested scope");
        assertFalse(fanout.covers(Scope.parse("pollster")));
        fanout.publishWrite(null);
        fanout.publishWrite(new StoredState(StateId.parse("pollster", "k"), IntNode.valueOf(1), 1,
                java.util.Set.of(), 0, StoredState.NEVER));
        fanout.publishDeletion(StateId.parse("poll.1", "k"), 2);
        assertEquals(1, heard.get(), "the deletion in poll.1 only");
    }

    @Test
    @DisplayName("several subscriptions of one scope, closed one by one (one twice): each hears until its close, never after")
    void subscriptionsOfOneScopeCloseOneByOne() {
        Scope scope = Scope.parse("poll.7");
        int[] heard = new int[4];
        List<Subscription> subscriptions = new ArrayList<>();
        for (int i = 0; i < heard.length; i++) {
            int which = i;
            subscriptions.add(fanout.subscribe(new ScopeFilter(scope, i % 2 == 1), c -> heard[which]++));
        }
        fanout.publish(change("poll.7"));
        assertArrayEquals(new int[] {1, 1, 1, 1}, heard, "all four hear a change of their scope");
        subscriptions.get(0).close();
        subscriptions.get(0).close();   // twice: the others stay subscribed
        fanout.publish(change("poll.7"));
        assertArrayEquals(new int[] {1, 2, 2, 2}, heard);
        subscriptions.get(1).close();
        fanout.publish(change("poll.7"));
        fanout.publish(change("poll.7.below"));
        assertArrayEquals(new int[] {1, 2, 3, 4}, heard, "only the nested one hears below its scope");
        subscriptions.get(3).close();
        fanout.publish(change("poll.7.below"));
        fanout.publish(change("poll.7"));
        assertArrayEquals(new int[] {1, 2, 4, 4}, heard);
        Subscription again = fanout.subscribe(new ScopeFilter(scope, false), c -> heard[0]++);
        fanout.publish(change("poll.7"));
        assertArrayEquals(new int[] {2, 2, 5, 4}, heard, "a new subscription joins the one left");
        subscriptions.get(2).close();
        again.close();
        assertFalse(fanout.hasSubscribers(), "every close counted once");
        assertFalse(fanout.covers(scope));
    }

    @Test
    @DisplayName("a listener that throws does not stop the others")
    void throwingListener() {
        AtomicInteger reached = new AtomicInteger();
        fanout.subscribe(ScopeFilter.ALL, c -> {
            throw new IllegalStateException("listener bug");
        });
        fanout.subscribe(ScopeFilter.ALL, c -> reached.incrementAndGet());
        fanout.publish(change("a"));
        assertEquals(1, reached.get());
    }

    @Test
    @DisplayName("through growth and rebuilds of its filter, every open subscription is still found and no closed one")
    void theFilterNeverHidesAnOpenSubscription() {
        int scopes = 20_000;
        AtomicInteger[] heard = new AtomicInteger[scopes];
        List<Subscription> subscriptions = new ArrayList<>();
        for (int i = 0; i < scopes; i++) {
            AtomicInteger counter = heard[i] = new AtomicInteger();
            subscriptions.add(fanout.subscribe(new ScopeFilter(Scope.parse("s." + i), i % 3 == 0),
                    c -> counter.incrementAndGet()));
        }
        for (int i = 0; i < scopes; i++) {
            if (i % 5 != 0) {
                subscriptions.get(i).close();   // 16,000 closes: the filter is rebuilt on the way
            }
        }
        for (int i = 0; i < scopes; i++) {
            assertEquals(i % 5 == 0, fanout.covers(Scope.parse("s." + i)), "covers s." + i);
            fanout.publish(change("s." + i));
            fanout.publish(change("s." + i + ".below"));
            int expected = i % 5 != 0 ? 0 : i % 3 == 0 ? 2 : 1;
            assertEquals(expected, heard[i].get(), "s." + i + " heard its own changes only while open");
        }
        assertFalse(fanout.covers(Scope.parse("elsewhere")));
    }

    @Test
    @DisplayName("4 threads churning 20,000 scopes through rebuilds: each live subscription hears every change")
    void rebuildsUnderConcurrentChurnHideNoLiveSubscription() throws Exception {
        int threads = 4;
        int churn = 5_000;
        AtomicInteger missed = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int me = t;
            workers.add(new Thread(() -> {
                AtomicInteger heard = new AtomicInteger();
                try (Subscription anchor = fanout.subscribe(new ScopeFilter(Scope.parse("anchor." + me), false),
                        c -> heard.incrementAndGet())) {
                    for (int i = 0; i < churn; i++) {
                        fanout.subscribe(new ScopeFilter(Scope.parse("churn." + me + "." + i), i % 2 == 0),
                                c -> { }).close();
                        fanout.publish(change("anchor." + me));
                        if (heard.get() != i + 1) {
                            missed.incrementAndGet();
                            heard.set(i + 1);
                        }
                    }
                }
            }));
        }
        workers.forEach(Thread::start);
        for (Thread w : workers) {
            w.join();
        }
        assertEquals(0, missed.get(), "changes a live subscription did not hear");
        assertFalse(fanout.covers(Scope.parse("churn.0.0")), "every churned subscription is gone");
    }
}
