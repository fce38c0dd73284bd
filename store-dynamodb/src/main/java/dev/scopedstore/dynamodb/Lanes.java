package dev.scopedstore.dynamodb;

import dev.scopedstore.spi.WriteIds;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Writer lanes: exact at-most-once for atomic operations, whatever the retry delay. A lane is held by
 * one atomic operation call at a time and numbers its operations with increasing sequence numbers; an
 * item keeps, per lane, the number of the last operation it applied (attribute
 * {@code lane-<process>-<n>}). A write is conditioned on that number being lower than its own,
 * so a re-send of an applied operation, or a late request overtaken by the lane's next one,
 * is never applied; and "the item's number is at least mine" proves the operation applied.
 *
 * <p>Numbers are the wall clock in microseconds (or one more than the lane's last), so that
 * a lane's entry on an item shows its age: an entry older than {@link #horizonMicros} can no
 * longer be matched by any request (every request carries the operation timeout as its API
 * call timeout) and is removed by the next writer that sees it.
 */
final class Lanes {
    static final String PREFIX = "lane-";
    private static final String PROCESS = PREFIX + WriteIds.process();

    private final ConcurrentLinkedQueue<Lane> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger made = new AtomicInteger();
    private final long horizonMicros;

    /** @param operationTimeoutMillis the longest a request can be re-sent for */
    Lanes(long operationTimeoutMillis) {
        this.horizonMicros = (2 * operationTimeoutMillis + 60_000) * 1000;
    }

    /** @return a lane for one atomic operation call; give it back with {@link #release} */
    Lane acquire() {
        Lane lane = free.poll();
        return lane != null ? lane : new Lane(PROCESS + made.incrementAndGet());
    }

    void release(Lane lane) {
        free.offer(lane);
    }

    /** @return whether the item applied the lane's operation {@code seq} (or a later one) */
    static boolean applied(Map<String, AttributeValue> item, Lane lane, long seq) {
        AttributeValue last = item == null ? null : item.get(lane.attribute);
        return last != null && Long.parseLong(last.n()) >= seq;
    }

    /** @return whether a lane entry of this number is too old to matter */
    boolean stale(long seq, long nowMillis) {
        return seq < nowMillis * 1000 - horizonMicros;
    }

    /** One lane: its attribute name and its last number. Used by one thread at a time. */
    static final class Lane {
        final String attribute;
        private long last;

        private Lane(String attribute) {
            this.attribute = attribute;
        }

        /** @return the number of the lane's next operation */
        long next() {
            last = Math.max(last + 1, System.currentTimeMillis() * 1000);
            return last;
        }
    }

    /** An atomic operation's lane and number, written with it. */
    record Mark(Lane lane, long seq) {
        /** Sets the lane's entry to this number; @return the condition that it is not there yet */
        String write(Update u) {
            String a = u.field(lane.attribute);
            String n = u.number("seq", seq);
            u.set(a + " = " + n);
            return "(attribute_not_exists(" + a + ") OR " + a + " < " + n + ")";
        }

        boolean appliedOn(Map<String, AttributeValue> item) {
            return applied(item, lane, seq);
        }
    }
}
