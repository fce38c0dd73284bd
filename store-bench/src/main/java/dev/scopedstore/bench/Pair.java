package dev.scopedstore.bench;

import java.util.List;

/**
 * One project operation and the raw operation doing the same work, as benchmark methods
 * ({@code Class.method}) of this package.
 *
 * @param name short name, also the value {@code -Dbench.pairs} selects by
 * @param project the project's benchmark
 * @param raw the raw baseline
 * @param target the ratio project/raw the issue asks for, or {@code NaN} if none
 */
record Pair(String name, String project, String raw, double target) {

    /** Every memory pair, in report order. */
    static final List<Pair> MEMORY = List.of(
            new Pair("get", "MemoryGetBenchmark.store", "MemoryGetBenchmark.raw", 1.0),
            new Pair("set", "MemorySetBenchmark.store", "MemorySetBenchmark.raw", 0.8),
            new Pair("increment-accumulate", "MemoryIncrementBenchmark.accumulate",
                    "MemoryIncrementBenchmark.raw", 0.8),
            new Pair("increment-set-get", "MemoryIncrementBenchmark.setGetPlusOne",
                    "MemoryIncrementBenchmark.raw", 0.8),
            new Pair("update", "MemoryUpdateBenchmark.store", "MemoryUpdateBenchmark.raw", Double.NaN),
            new Pair("createState-existing", "MemoryCreateStateBenchmark.store",
                    "MemoryCreateStateBenchmark.raw", Double.NaN),
            new Pair("set-100k-subscriptions-elsewhere", "MemoryFanoutBenchmark.subscribedElsewhere",
                    "MemoryFanoutBenchmark.noSubscriptions", 0.9),
            new Pair("set-100k-subscriptions-elsewhere-own-state",
                    "MemoryFanoutBenchmark.subscribedElsewhereOwnState",
                    "MemoryFanoutBenchmark.noSubscriptionsOwnState", Double.NaN),
            new Pair("session-lifecycle-vs-set", "MemorySessionBenchmark.lifecycle",
                    "MemorySessionBenchmark.set", Double.NaN));

    /**
     * Every PostgreSQL pair ({@code -Dbench.suite=postgres}): the store against raw pgjdbc
     * running the same statements on the same pool. {@code notifications} compares a store
     * whose change feed polls (with a subscriber) against one with {@code notifications=false}.
     */
    static final List<Pair> POSTGRES = List.of(
            new Pair("pg-get", "PostgresBenchmark.get", "PostgresBenchmark.rawGet", 0.95),
            new Pair("pg-set", "PostgresBenchmark.set", "PostgresBenchmark.rawSet", 0.9),
            new Pair("pg-update", "PostgresBenchmark.update", "PostgresBenchmark.rawUpdate", 0.9),
            new Pair("pg-increment", "PostgresBenchmark.increment", "PostgresBenchmark.rawIncrement", 0.9),
            new Pair("pg-createState-existing", "PostgresBenchmark.createExisting",
                    "PostgresBenchmark.rawCreateExisting", 0.9),
            new Pair("pg-bulk-1000", "PostgresBenchmark.setAll", "PostgresBenchmark.rawSetAll", 0.9),
            new Pair("pg-bulk-vs-single", "PostgresBenchmark.setAll", "PostgresBenchmark.thousandSets", 10),
            new Pair("pg-notifications", "PostgresFeedBenchmark.feedOn", "PostgresFeedBenchmark.feedOff", 0.8),
            new Pair("pg-session-lifecycle-vs-set", "PostgresSessionBenchmark.lifecycle",
                    "PostgresSessionBenchmark.set", Double.NaN));

    /**
     * Every Redis pair ({@code -Dbench.suite=redis}), in report order: the store against raw
     * Lettuce doing equal work, then against Redisson doing what a user would do with it instead.
     */
    static final List<Pair> REDIS = List.of(
            new Pair("redis-get", "RedisGetBenchmark.store", "RedisGetBenchmark.raw", 0.95),
            new Pair("redis-set", "RedisSetBenchmark.store", "RedisSetBenchmark.raw", 0.9),
            new Pair("redis-increment", "RedisIncrementBenchmark.store", "RedisIncrementBenchmark.raw", 0.9),
            new Pair("redis-increment-vs-incrby", "RedisIncrementBenchmark.store",
                    "RedisIncrementBenchmark.incrby", Double.NaN),
            new Pair("redis-bulk-1000", "RedisBulkBenchmark.store", "RedisBulkBenchmark.raw", 0.9),
            new Pair("redis-bulk-1000-vs-batched", "RedisBulkBenchmark.store", "RedisBulkBenchmark.rawBatched",
                    Double.NaN),
            new Pair("redisson-get", "RedisGetBenchmark.store", "RedissonBenchmark.get", 1.0),
            new Pair("redisson-set", "RedisSetBenchmark.store", "RedissonBenchmark.set", 1.0),
            new Pair("redisson-increment", "RedisIncrementBenchmark.store", "RedissonBenchmark.increment", 1.0),
            new Pair("minimal-script-vs-redisson-increment", "RedisIncrementBenchmark.minimalScript",
                    "RedissonBenchmark.increment", Double.NaN),
            new Pair("empty-script-vs-redisson-set", "RedisSetBenchmark.emptyScript", "RedissonBenchmark.set",
                    Double.NaN),
            new Pair("redisson-set-and-publish", "RedisSetBenchmark.store", "RedissonBenchmark.setAndPublish",
                    Double.NaN),
            new Pair("redisson-get-same-fork", "RedissonSameForkBenchmark.storeGet",
                    "RedissonSameForkBenchmark.redissonGet", 1.0),
            new Pair("redisson-set-same-fork", "RedissonSameForkBenchmark.storeSet",
                    "RedissonSameForkBenchmark.redissonSet", 1.0),
            new Pair("redisson-increment-same-fork", "RedissonSameForkBenchmark.storeIncrement",
                    "RedissonSameForkBenchmark.redissonIncrement", 1.0),
            new Pair("redis-session-lifecycle-vs-set", "RedisSessionBenchmark.lifecycle",
                    "RedisSessionBenchmark.set", Double.NaN));

    /**
     * Every DynamoDB pair ({@code -Dbench.suite=dynamodb}): the store against the raw AWS SDK
     * sending the same requests on the same client; bulk pairs of {@value DynamoBenchmark#BULK}.
     */
    static final List<Pair> DYNAMODB = List.of(
            new Pair("dynamo-get", "DynamoBenchmark.get", "DynamoBenchmark.rawGet", 0.95),
            new Pair("dynamo-set", "DynamoBenchmark.set", "DynamoBenchmark.rawSet", 0.9),
            new Pair("dynamo-update", "DynamoBenchmark.update", "DynamoBenchmark.rawUpdate", 0.9),
            new Pair("dynamo-increment", "DynamoBenchmark.increment", "DynamoBenchmark.rawIncrement", 0.9),
            new Pair("dynamo-bulk-get-100", "DynamoBenchmark.getAll", "DynamoBenchmark.rawGetAll", 0.9),
            new Pair("dynamo-bulk-set-100", "DynamoBenchmark.setAll", "DynamoBenchmark.rawSetAll", 0.9),
            new Pair("dynamo-session-lifecycle-vs-set", "DynamoSessionBenchmark.lifecycle",
                    "DynamoSessionBenchmark.set", Double.NaN));

    /** @return the pairs of {@code -Dbench.suite}: memory (the default), postgres, redis or dynamodb */
    static List<Pair> suite() {
        return switch (System.getProperty("bench.suite", "memory")) {
            case "postgres" -> POSTGRES;
            case "redis" -> REDIS;
            case "dynamodb" -> DYNAMODB;
            default -> MEMORY;
        };
    }
}
