package dev.scopedstore.internal;

import java.util.concurrent.locks.ReentrantLock;

/** Queues the read-modify-writes of one state within this process, without a global lock. */
final class StripedLocks {
    private final ReentrantLock[] locks;

    StripedLocks(int stripes) {
        locks = new ReentrantLock[Integer.highestOneBit(stripes - 1) << 1];
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    ReentrantLock lockFor(Object key) {
        int h = key.hashCode();
        return locks[(h ^ (h >>> 16)) & (locks.length - 1)];
    }
}
