package dev.scopedstore.redis;

import dev.scopedstore.Scope;
import dev.scopedstore.spi.ScopeFilter;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import java.util.ArrayList;
import java.util.List;

/**
 * The scopes a filter covers, from {@code from} (inclusive) on, in canonical order: the
 * filter's own scope directly, the ones below it from the registry ({@code ZRANGEBYLEX}, a
 * page at a time), so a nested query never scans the keyspace.
 */
final class ScopeWalk {
    static final int BATCH = 256;

    private final RedisCalls calls;
    private final RedisKeys keys;
    private final ScopeFilter filter;
    private final List<Scope> buffer = new ArrayList<>();
    private int position;
    private String registryFrom;
    private boolean registryDone;
    private final String upper;

    ScopeWalk(RedisCalls calls, RedisKeys keys, ScopeFilter filter, Scope from) {
        this.calls = calls;
        this.keys = keys;
        this.filter = filter;
        Scope root = filter.scope();
        if (root != null && (from == null || from.compareTo(root) <= 0)) {
            buffer.add(root);
        }
        if (root == null) {
            registryFrom = from == null ? null : "[" + from.canonical();
            upper = null;
        } else if (filter.nested()) {
            String lower = root.canonical() + ".";
            registryFrom = from != null && from.canonical().compareTo(lower) > 0
                    ? "[" + from.canonical() : "[" + lower;
            upper = root.canonical() + "/";
        } else {
            registryDone = true;
            upper = null;
        }
    }

    boolean hasNext() {
        if (position < buffer.size()) {
            return true;
        }
        if (registryDone) {
            return false;
        }
        buffer.clear();
        position = 0;
        Range.Boundary<String> lo = registryFrom == null ? Range.Boundary.unbounded()
                : registryFrom.charAt(0) == '[' ? Range.Boundary.including(registryFrom.substring(1))
                : Range.Boundary.excluding(registryFrom.substring(1));
        Range.Boundary<String> hi = upper == null ? Range.Boundary.unbounded()
                : Range.Boundary.excluding(upper);
        List<String> names = calls.call("list", () -> calls.redis.sync.zrangebylex(keys.registry(),
                Range.from(lo, hi), Limit.create(0, BATCH)));
        if (names.size() < BATCH) {
            registryDone = true;
        } else {
            registryFrom = "(" + names.get(names.size() - 1);
        }
        for (String name : names) {
            Scope scope = Scope.parse(name);
            if (filter.matches(scope) && !scope.equals(filter.scope())) {
                buffer.add(scope);
            }
        }
        return hasNext();
    }

    Scope next() {
        return buffer.get(position++);
    }
}
