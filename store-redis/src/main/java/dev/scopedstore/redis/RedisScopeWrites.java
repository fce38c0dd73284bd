package dev.scopedstore.redis;

import dev.scopedstore.Scope;
import dev.scopedstore.StateId;
import dev.scopedstore.StoreException;
import dev.scopedstore.spi.ScopeFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Writes over many states at once: touching a scope, dropping scopes, purging labels. Each
 * state still goes through its own script (all handed to the connections as one batch), so
 * every deletion is versioned and published like a single delete.
 */
final class RedisScopeWrites {
    /** Members removed from a label's set per {@code SREM}, so no one command holds Redis long. */
    private static final int SREM_BATCH = 1000;

    private final RedisCalls calls;
    private final RedisKeys keys;
    private final RedisWrites writes;
    private final RedisListing listing;
    private final RedisReads reads;

    RedisScopeWrites(RedisCalls calls, RedisKeys keys, RedisWrites writes, RedisListing listing, RedisReads reads) {
        this.calls = calls;
        this.keys = keys;
        this.writes = writes;
        this.listing = listing;
        this.reads = reads;
    }

    long touchScope(Scope scope) {
        List<CompletableFuture<Long>> replies =
                calls.batch("touch", writes.touches(idsOf(scope, listing.allKeys(scope))));
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

    /**
     * Deletes the states carrying any of {@code labels}: per label, the deletions of all its
     * states are handed to the connections at once (each state's script re-checking the label),
     * then the label's set forgets them.
     */
    long purgeLabels(Set<String> labels) {
        long deleted = 0;
        for (String label : labels) {
            String set = keys.label(label);
            Set<String> refs = calls.call("purgeLabels", () -> calls.redis.sync.smembers(set));
            List<StateId> ids = new ArrayList<>(refs.size());
            for (String ref : refs) {
                ids.add(RedisKeys.parseRef(ref));
            }
            deleted += countDeleted("purgeLabels", calls.batch("purgeLabels", writes.deletions(ids, label)));
            List<String> forgotten = new ArrayList<>(refs);
            for (int from = 0; from < forgotten.size(); from += SREM_BATCH) {
                String[] chunk = forgotten.subList(from, Math.min(from + SREM_BATCH, forgotten.size()))
                        .toArray(String[]::new);
                calls.call("purgeLabels", () -> calls.redis.sync.srem(set, chunk));
            }
            keepRecreated(label, set, ids);
        }
        return deleted;
    }

    /**
     * Puts back into the label's set each of {@code ids} that is there again with the label: a
     * writer may have created it anew (and added it to the set) between its deletion and the
     * {@code SREM}. One whose labels cannot be read goes back too; the next purge deletes it.
     */
    private void keepRecreated(String label, String set, List<StateId> ids) {
        String[] back = reads.presentLabels("purgeLabels", ids).entrySet().stream()
                .filter(e -> e.getValue() == null || e.getValue().contains(label))
                .map(e -> RedisKeys.ref(e.getKey())).toArray(String[]::new);
        if (back.length > 0) {
            calls.call("purgeLabels", () -> calls.redis.sync.sadd(set, back));
        }
    }

    long dropScope(ScopeFilter filter) {
        long deleted = 0;
        for (ScopeWalk walk = listing.walk(filter, null); walk.hasNext(); ) {
            Scope scope = walk.next();
            List<StateId> ids = idsOf(scope, listing.allKeys(scope));
            deleted += countDeleted("dropScope", calls.batch("dropScope", writes.deletions(ids, "")));
            listing.unregisterIfEmpty(scope);
        }
        return deleted;
    }

    private static List<StateId> idsOf(Scope scope, List<String> keys) {
        List<StateId> ids = new ArrayList<>(keys.size());
        for (String key : keys) {
            ids.add(new StateId(scope, key));
        }
        return ids;
    }

    /** @return how many of the delete scripts' replies say a state was deleted */
    private long countDeleted(String what, List<CompletableFuture<List<Object>>> replies) {
        long deleted = 0;
        for (CompletableFuture<List<Object>> reply : replies) {
            if (new ScriptReply(calls.await(what, reply)).ok()) {
                deleted++;
            }
        }
        return deleted;
    }
}
