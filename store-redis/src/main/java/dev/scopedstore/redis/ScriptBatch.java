package dev.scopedstore.redis;

import io.lettuce.core.ScriptOutputType;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * One script over many states, the KEYS and ARGV of each fixed before the first send: sending
 * some of them again ({@link RedisCalls#batch}) carries the same write ids, so a script that
 * already ran is not applied twice.
 *
 * @param script the script
 * @param type its reply: {@link ScriptOutputType#MULTI} or {@link ScriptOutputType#INTEGER}
 * @param keys the KEYS of each item
 * @param args the ARGV of each item
 */
record ScriptBatch(RedisScripts script, ScriptOutputType type, String[][] keys, String[][] args) {

    /** Builds the KEYS and ARGV of {@code count} items now, so each item's write id is fixed. */
    static ScriptBatch of(RedisScripts script, ScriptOutputType type, int count, IntFunction<String[]> keysOf,
                          IntFunction<String[]> argsOf) {
        String[][] keys = new String[count][];
        String[][] args = new String[count][];
        for (int i = 0; i < count; i++) {
            keys[i] = keysOf.apply(i);
            args[i] = argsOf.apply(i);
        }
        return new ScriptBatch(script, type, keys, args);
    }

    int size() {
        return keys.length;
    }

    /** Sends the items at {@code items}, all in one write per connection; their replies in that order. */
    <T> List<CompletableFuture<T>> send(RedisConnections redis, int[] items) {
        return script.runAll(redis, type, items.length, j -> keys[items[j]], j -> args[items[j]]);
    }
}
