package dev.scopedstore.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scopedstore.Scope;
import dev.scopedstore.ScopeQuery;
import dev.scopedstore.StateEntry;
import dev.scopedstore.StateId;
import dev.scopedstore.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Listing: one scope or a scope and those nested under it, paged, ordered. */
abstract class ListingTck extends KitGroup {
    /** Makes the sibling scope {@code Sster} of the test's scope {@code S}. */
    static final String SIBLING_SUFFIX = "ster";

    ListingTck(StoreConformanceKit kit) {
        super(kit);
    }

    private String sibling() {
        return scope() + SIBLING_SUFFIX;
    }

    /** States in S, S.42, S.42.a and Sster, with keys that sort against their scopes. */
    private void fourScopes() {
        store().createState(1, key("z"));
        store().createState(2, key("m", "42"));
        store().createState(3, key("a", "42.a"));
        store().createState(4, dev.scopedstore.StateOptions.key("k").scope(sibling()));
    }

    private static List<StateId> ids(List<StateEntry> entries) {
        return entries.stream().map(StateEntry::id).collect(Collectors.toList());
    }

    @Test
    @DisplayName("nested(S) lists S, S.42 and S.42.a, not Sster, ordered by scope then key")
    void nested() {
        fourScopes();
        List<StateEntry> listed = list(store(), ScopeQuery.nested(scope()));
        assertEquals(List.of(StateId.parse(scope(), "z"), StateId.parse(scope() + ".42", "m"),
                StateId.parse(scope() + ".42.a", "a")), ids(listed));
        assertEquals(List.of(1, 2, 3), listed.stream().map(e -> e.value().intValue())
                .collect(Collectors.toList()));
        assertTrue(listed.stream().allMatch(e -> e.version() >= 1));
    }

    @Test
    @DisplayName("scope(S) lists only S")
    void single() {
        fourScopes();
        assertEquals(List.of(StateId.parse(scope(), "z")),
                ids(list(store(), ScopeQuery.scope(scope()))));
    }

    @Test
    @DisplayName("scopes(nested(S)) lists S, S.42 and S.42.a")
    void scopes() {
        fourScopes();
        assertEquals(List.of(Scope.parse(scope()), Scope.parse(scope() + ".42"),
                Scope.parse(scope() + ".42.a")), listScopes(store(), ScopeQuery.nested(scope())));
    }

    @Test
    @DisplayName("delivers every state across pages of 2")
    void paged() {
        Store paged = openFreshStore(b -> b.pageSize(2));
        List<StateId> expected = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            expected.add(paged.createState(i, key("k" + i)).id());
        }
        for (int i = 4; i < 7; i++) {
            expected.add(paged.createState(i, key("k" + i, "42")).id());
        }
        assertEquals(expected, ids(list(paged, ScopeQuery.nested(scope()))));
        assertEquals(List.of(Scope.parse(scope()), Scope.parse(scope() + ".42")),
                listScopes(paged, ScopeQuery.nested(scope())));
    }

    @Test
    @DisplayName("dropScope(nested(S.42)) deletes S.42 and S.42.a and counts them")
    void dropNested() {
        fourScopes();
        assertEquals(2, store().dropScope(ScopeQuery.nested(scope() + ".42")));
        assertEquals(List.of(StateId.parse(scope(), "z")),
                ids(list(store(), ScopeQuery.nested(scope()))));
        assertEquals(1, list(store(), ScopeQuery.scope(sibling())).size(), "Sster is untouched");
    }
}
