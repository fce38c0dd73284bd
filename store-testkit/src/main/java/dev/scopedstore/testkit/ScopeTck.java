package dev.scopedstore.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scopedstore.Scope;
import dev.scopedstore.ScopeKind;
import dev.scopedstore.ScopeQuery;
import dev.scopedstore.Scopes;
import dev.scopedstore.State;
import dev.scopedstore.StateEntry;
import dev.scopedstore.StateId;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Scopes and isolation: placeholders, canonical forms, views. */
abstract class ScopeTck extends KitGroup {
    ScopeTck(StoreConformanceKit kit) {
        super(kit);
    }

    private StateOptions chatDraft() {
        return key("k", "chat." + Scopes.CLIENT);
    }

    @Test
    @DisplayName("give each client its own state for the same options")
    void clientsAreIsolated() {
        State<String> a = client("A").createState("", chatDraft());
        State<String> b = client("B").createState("", chatDraft());
        a.set("from A");
        b.set("from B");
        assertEquals("from A", a.get());
        assertEquals("from B", b.get());
        assertEquals("from A", client("A").createState("", chatDraft()).get());
        assertEquals("from B", client("B").createState("", chatDraft()).get());
        assertNotEquals(a.id(), b.id());
    }

    @Test
    @DisplayName("keep a global scope apart from a client's scope with the same id")
    void globalIsNotClient() {
        State<String> clientA = client("A").createState("", chatDraft());
        State<String> globalA = store().createState("", key("k", "chat.A"));
        clientA.set("client");
        globalA.set("global");
        assertEquals("client", clientA.get());
        assertEquals("global", globalA.get());
        assertNotEquals(clientA.scope(), globalA.scope());
    }

    @Test
    @DisplayName("resolve $client to the canonical form $client~<id>")
    void canonicalForm() {
        State<String> a = client("A").createState("", chatDraft());
        assertEquals(scope() + ".chat.$client~A", a.scope().canonical());
        assertEquals(ScopeKind.CLIENT, a.scope().kind());
        assertEquals(new StateId(Scope.parse(scope() + ".chat.$client~A"), "k"), a.id());
    }

    @Test
    @DisplayName("encode ids with dots, percent signs and unicode to distinct states")
    void idsEncodeDistinctly() {
        List<String> ids = List.of("a.b", "a%2Eb", "a%252Eb", "a_b", "a b", "a~b", "ü", "%C3%BC",
                "日本", "$client", "a/b");
        Set<Scope> scopes = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            State<Integer> s = client(ids.get(i)).createState(-1, chatDraft());
            s.set(i);
            assertTrue(scopes.add(s.scope()), () -> "two ids share the scope " + s.scope());
            String canonical = s.scope().canonical();
            assertEquals(scope().split("\\.").length + 2, canonical.split("\\.").length,
                    () -> "an id is one segment: " + canonical);
            assertEquals(s.scope(), Scope.parse(canonical), "the canonical form parses back");
        }
        for (int i = 0; i < ids.size(); i++) {
            assertEquals(i, client(ids.get(i)).createState(-1, chatDraft()).get(),
                    "client id '" + ids.get(i) + "'");
        }
        assertEquals(ids.size(), list(store(), ScopeQuery.nested(scope())).size());
    }

    @Test
    @DisplayName("accept canonical forms on the administrative route")
    void administrativeRoute() {
        State<String> a = client("A").createState("", chatDraft());
        a.set("hello");
        client("B").createState("other", chatDraft());
        String canonical = scope() + ".chat.$client~A";
        assertEquals(a.scope(), Scope.parse(canonical));
        assertEquals(a.id(), StateId.parse(canonical, "k"));
        List<StateEntry> listed = list(store(), ScopeQuery.of(Scope.parse(canonical), false));
        assertEquals(1, listed.size(), () -> "listed: " + listed);
        assertEquals(a.id(), listed.get(0).id());
        assertEquals("hello", listed.get(0).value().asText());
    }

    @Test
    @DisplayName("close a view without closing its store")
    void viewCloseKeepsStore() {
        State<Integer> global = store().createState(1, key("g"));
        Store view = client("A");
        view.createState(2, chatDraft());
        view.close();
        store().ping();
        assertTrue(store().hasState(key("g")));
        global.set(3);
        assertEquals(3, global.get());
        assertEquals(2, client("A").createState(0, chatDraft()).get(), "a new view works");
    }
}
