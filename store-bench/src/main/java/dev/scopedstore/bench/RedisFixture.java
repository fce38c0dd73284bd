package dev.scopedstore.bench;

import dev.scopedstore.State;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The shape every Redis benchmark shares: {@code bench.redis.url} (default
 * {@code redis://127.0.0.1:6379}), the store under the key prefix {@code bench}, the raw side
 * on one Lettuce connection with the same scripts ({@code store-redis}'s Lua, loaded with
 * SCRIPT LOAD) and the same key layout under the prefix {@code benchraw}.
 */
final class RedisFixture {
    static final String URL = System.getProperty("bench.redis.url", "redis://127.0.0.1:6379");
    static final String SCOPE = "bench.poll";
    static final String RAW_TAG = "{benchraw:" + SCOPE + "}";
    static final String RAW_CHANNELS = "benchraw:ch:";
    /** How long a write marker lasts (ms), as the store sets it at its default 10 s timeout. */
    static final String MARKER_LIFE = "60000";
    /**
     * Unique per fork, as the store's writer id is: a counter alone would start at 1 again in
     * the next fork and meet markers the last one left (they last 5 minutes), so the raw
     * script would take its "already applied" branch and do less work than the store's.
     */
    private static final String RAW_WRITER =
            "raw-" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36) + "-";
    private static final AtomicLong WRITES = new AtomicLong();

    private RedisFixture() {
    }

    static Store open() {
        return Store.builder().url(URL).property("keyPrefix", "bench").build();
    }

    /** @return handles of {@link Fixture#STATES} states of {@link #SCOPE}, each holding {@code value} */
    static <T> List<State<T>> fill(Store store, T value) {
        List<State<T>> handles = new ArrayList<>(Fixture.STATES);
        for (int i = 0; i < Fixture.STATES; i++) {
            State<T> s = store.createState(value, StateOptions.key(Fixture.key(i)).scope(SCOPE));
            s.set(value);
            handles.add(s);
        }
        return handles;
    }

    /** @return the script's text, as store-redis sends it */
    static String script(String name) {
        return resource("common") + "\n" + resource(name);
    }

    /**
     * @return the KEYS of a marked write script on {@code key}, as store-redis builds them:
     *     state, index, version marks, version floor, and a fresh write marker
     */
    static String[] markedRawKeys(String key) {
        return new String[] {RAW_TAG + ":s:" + key, RAW_TAG + ":i", RAW_TAG + ":v", RAW_TAG + ":f",
            RAW_TAG + ":op:" + RAW_WRITER + Long.toString(WRITES.incrementAndGet(), 36)};
    }

    private static String resource(String name) {
        try (InputStream in = RedisFixture.class.getResourceAsStream("/dev/scopedstore/redis/" + name + ".lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
