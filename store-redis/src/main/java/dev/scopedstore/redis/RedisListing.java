package dev.scopedstore.redis;

import dev.scopedstore.Scope;
import dev.scopedstore.StateId;
import dev.scopedstore.spi.Page;
import dev.scopedstore.spi.PageCursor;
import dev.scopedstore.spi.ScopeFilter;
import dev.scopedstore.spi.StoredState;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import java.util.ArrayList;
import java.util.List;

/**
 * Paged listings of states and scopes: each scope's key index read with {@code ZRANGEBYLEX}
 * in key order, so a page costs O(its states). Cursors are {@code scope\nkey} and
 * {@code scope}. Dead index entries met on the way are pruned, and a scope whose index is
 * empty leaves the registry.
 */
final class RedisListing {
    private final RedisCalls calls;
    private final RedisKeys keys;
    private final RedisReads reads;

    RedisListing(RedisCalls calls, RedisKeys keys, RedisReads reads) {
        this.calls = calls;
        this.keys = keys;
        this.reads = reads;
    }

    ScopeWalk walk(ScopeFilter filter, Scope from) {
        return new ScopeWalk(calls, keys, filter, from);
    }

    Page<StoredState> states(ScopeFilter filter, String cursor, int limit) {
        Scope afterScope = null;
        String afterKey = null;
        if (cursor != null) {
            StateId last = PageCursor.lastState(cursor);
            afterScope = last.scope();
            afterKey = last.key();
        }
        List<StoredState> page = new ArrayList<>(Math.min(limit, ScopeWalk.BATCH));
        for (ScopeWalk walk = walk(filter, afterScope); walk.hasNext(); ) {
            Scope scope = walk.next();
            String from = scope.equals(afterScope) ? afterKey : null;
            String index = keys.index(keys.tag(scope));
            while (true) {
                int want = Math.min(limit - page.size(), ScopeWalk.BATCH);
                List<String> members = members(index, from, want);
                if (members.isEmpty()) {
                    break;
                }
                page.addAll(reads.readLive(scope, members));
                if (page.size() >= limit) {
                    return new Page<>(page, PageCursor.after(page.get(page.size() - 1).id()));
                }
                if (members.size() < want) {
                    break;
                }
                from = members.get(members.size() - 1);
            }
        }
        return new Page<>(page, null);
    }

    Page<Scope> scopes(ScopeFilter filter, String cursor, int limit) {
        Scope after = cursor == null ? null : PageCursor.lastScope(cursor);
        List<Scope> page = new ArrayList<>();
        for (ScopeWalk walk = walk(filter, after); walk.hasNext(); ) {
            Scope scope = walk.next();
            if (scope.equals(after)) {
                continue;
            }
            if (hasLiveState(scope)) {
                page.add(scope);
                if (page.size() == limit) {
                    return new Page<>(page, scope.canonical());
                }
            }
        }
        return new Page<>(page, null);
    }

    /** @return every key in a scope's index, live or not */
    List<String> allKeys(Scope scope) {
        return calls.call("list", () -> calls.redis.sync.zrange(keys.index(keys.tag(scope)), 0, -1));
    }

    /**
     * Removes a scope from the registry when its index is empty. A creator re-registers after
     * its write, and this re-checks after removing, so a scope with states is never lost.
     */
    void unregisterIfEmpty(Scope scope) {
        String index = keys.index(keys.tag(scope));
        calls.call("list", () -> {
            if (calls.redis.sync.zcard(index) > 0) {
                return null;
            }
            calls.redis.sync.zrem(keys.registry(), scope.canonical());
            if (calls.redis.sync.zcard(index) > 0) {
                calls.redis.sync.zadd(keys.registry(), 0, scope.canonical());
            }
            return null;
        });
    }

    private boolean hasLiveState(Scope scope) {
        String index = keys.index(keys.tag(scope));
        String from = null;
        while (true) {
            List<String> members = members(index, from, 16);
            if (members.isEmpty()) {
                unregisterIfEmpty(scope);
                return false;
            }
            if (!reads.readLive(scope, members).isEmpty()) {
                return true;
            }
            from = members.get(members.size() - 1);
        }
    }

    /** Up to {@code count} keys of an index after {@code from} (exclusive; null from the start). */
    private List<String> members(String index, String from, int count) {
        Range<String> range = Range.from(from == null ? Range.Boundary.unbounded()
                : Range.Boundary.excluding(from), Range.Boundary.unbounded());
        return calls.call("list", () -> calls.redis.sync.zrangebylex(index, range, Limit.create(0, count)));
    }
}
