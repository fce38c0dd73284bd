package dev.scopedstore.internal;

import dev.scopedstore.Subscription;
import java.util.concurrent.atomic.AtomicBoolean;

/** Ties a backend feed to the dispatcher that delivers it. */
final class Subscriptions {
    private Subscriptions() {
    }

    static Subscription of(Subscription feed, CoalescingDispatcher dispatcher) {
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                try {
                    feed.close();
                } finally {
                    dispatcher.close();
                }
            }
        };
    }
}
