package dev.scopedstore.redis;

import dev.scopedstore.Scope;
import dev.scopedstore.StoreException;
import dev.scopedstore.spi.ScopeFilter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Writes over many states at once: touching a scope, dropping scopes, purging labels. Each
 * state still goes through its own script (pipelined per scope), so every deletion is
 * versioned and published like a single delete.
 */
final class RedisScopeWrites {
    private final RedisCalls calls;
    private final RedisKeys keys;
    private final RedisWrites writes;
    private final RedisListing listing;

    RedisScopeWrites(RedisCalls calls, RedisKeys keys, RedisWrites writes, RedisListing listing) {
        this.calls = calls;
        this.keys = keys;
        this.writes = writes;
        this.listing = listing;
    }

    long touchScope(Scope scope) {
        List<String> members = listing.allKeys(scope);
        List<CompletableFuture<Long>> replies = calls.call("touch", () -> writes.touchAll(scope, members));
        long touched = 0;
        for (CompletableFuture<Long> reply : replies) {
            try {
                Long one = calls.await("touch", reply);
                touched += one == null ? 0 : one;
            } catch (StoreException e) {
                if (!RedisErrors.isCorrupt(e)) {
                    throw e;
                }
                // a state whose header cannot be read is left as it is; its time-to-live is unknown
            }
        }
        return touched;
    }

    long purgeLabels(Set<String> labels) {
        long deleted = 0;
        for (String label : labels) {
            String set = keys.label(label);
            Set<String> refs = calls.call("purgeLabels", () -> calls.redis.sync.smembers(set));
            for (String ref : refs) {
                if (writes.delete(RedisKeys.parseRef(ref), label)) {
                    deleted++;
                }
                calls.call("purgeLabels", () -> calls.redis.sync.srem(set, ref));
            }
        }
        return deleted;
    }

    long dropScope(ScopeFilter filter) {
        long deleted = 0;
        for (ScopeWalk walk = listing.walk(filter, null); walk.hasNext(); ) {
            Scope scope = walk.next();
            List<String> members = listing.allKeys(scope);
            List<CompletableFuture<List<Object>>> replies =
                    calls.call("dropScope", () -> writes.deleteAll(scope, members));
            for (CompletableFuture<List<Object>> reply : replies) {
                if (new ScriptReply(calls.await("dropScope", reply)).ok()) {
                    deleted++;
                }
            }
            listing.unregisterIfEmpty(scope);
        }
        return deleted;
    }
}
