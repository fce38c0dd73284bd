package dev.scopedstore.bench;

import dev.scopedstore.Store;

/** {@link SessionBenchmark} on Redis ({@code bench.redis.url}). */
public class RedisSessionBenchmark extends SessionBenchmark {
    @Override
    protected Store open() {
        return RedisFixture.open();
    }
}
