package dev.scopedstore.dynamodb;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Write tokens (unique per write, across processes) and the version base of fresh items. */
final class Tokens {
    private static final String PROCESS =
            Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36) + "-";
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private Tokens() {
    }

    static String next() {
        return PROCESS + Long.toString(SEQUENCE.incrementAndGet(), 36);
    }

    /**
     * @return the wall clock in microseconds: a fresh item's first version is above it, so a
     *     state whose item DynamoDB's TTL or an operator removed never repeats a version
     *     (items see far fewer than a million writes a second)
     */
    static long versionBase() {
        return System.currentTimeMillis() * 1000;
    }
}
