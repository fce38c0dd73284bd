package dev.scopedstore.memory;

import dev.scopedstore.Scope;
import dev.scopedstore.StateId;
import dev.scopedstore.spi.ScopeFilter;
import java.util.Collections;
import java.util.Iterator;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.stream.Stream;

/**
 * The keys of each scope, and the scopes in canonical order, so that listing one scope or a
 * scope with those nested under it never walks other scopes. Adding and removing a key is
 * atomic per scope (the map's {@code compute}); an emptied scope disappears.
 */
final class ScopeIndex {
    private final ConcurrentHashMap<Scope, NavigableSet<String>> keysByScope = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<String, Scope> scopesInOrder = new ConcurrentSkipListMap<>();

    void add(StateId id) {
        keysByScope.compute(id.scope(), (scope, keys) -> {
            if (keys == null) {
                keys = new ConcurrentSkipListSet<>();
                scopesInOrder.put(scope.canonical(), scope);
            }
            keys.add(id.key());
            return keys;
        });
    }

    void remove(StateId id) {
        keysByScope.computeIfPresent(id.scope(), (scope, keys) -> {
            keys.remove(id.key());
            if (keys.isEmpty()) {
                scopesInOrder.remove(scope.canonical());
                return null;
            }
            return keys;
        });
    }

    /** @return the keys of one scope in order, after {@code afterKey} if not {@code null} */
    Iterator<String> keys(Scope scope, String afterKey) {
        NavigableSet<String> keys = keysByScope.get(scope);
        if (keys == null) {
            return Collections.emptyIterator();
        }
        return (afterKey == null ? keys : keys.tailSet(afterKey, false)).iterator();
    }

    /**
     * @param filter which scopes
     * @param from the first scope wanted (inclusive), or {@code null} to start at the beginning
     * @return the scopes the filter covers, in canonical order
     */
    Stream<Scope> scopes(ScopeFilter filter, Scope from) {
        if (filter.scope() == null) {
            return values(from == null ? scopesInOrder : scopesInOrder.tailMap(from.canonical(), true));
        }
        Scope root = filter.scope();
        Stream<Scope> self = (from == null || from.compareTo(root) <= 0) && keysByScope.containsKey(root)
                ? Stream.of(root) : Stream.empty();
        if (!filter.nested()) {
            return self;
        }
        String prefix = root.canonical() + ".";
        String start = from != null && from.canonical().compareTo(prefix) > 0 ? from.canonical() : prefix;
        Stream<Scope> nested = values(scopesInOrder.tailMap(start, true))
                .takeWhile(scope -> scope.canonical().startsWith(prefix));
        return Stream.concat(self, nested);
    }

    private static Stream<Scope> values(NavigableMap<String, Scope> map) {
        return map.values().stream();
    }
}
