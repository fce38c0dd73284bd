package dev.scopedstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("A scope")
class ScopeTest {
    private static final ScopeContext ALICE = ScopeContext.empty().withClient("alice")
            .withComponent("card-1").withUser("u-7");

    @Test
    @DisplayName("resolves each placeholder to its canonical, percent-encoded segment")
    void resolvesPlaceholders() {
        assertEquals("chat.$client~alice", Scope.resolve("chat.$client", ALICE).canonical());
        assertEquals("$user~u-7.settings", Scope.resolve("$user.settings", ALICE).canonical());
        assertEquals("$component~card-1", Scope.resolve(Scopes.COMPONENT, ALICE).canonical());
        Scope dotted = Scope.resolve("chat.$client", ScopeContext.empty().withClient("a.b~c%"));
        assertEquals("chat.$client~a%2Eb%7Ec%25", dotted.canonical());
        Scope unicode = Scope.resolve("$client", ScopeContext.empty().withClient("zoë"));
        assertEquals("$client~zo%C3%AB", unicode.canonical());
    }

    @Test
    @DisplayName("shows no client id in toString, wherever the client stands; canonical() keeps it")
    void toStringHidesClientIds() {
        ScopeContext context = ScopeContext.empty().withClient("secret.id").withUser("u1");
        Scope scope = Scope.resolve("$client.game.$user.$client", context);
        assertEquals("$client~secret%2Eid.game.$user~u1.$client~secret%2Eid", scope.canonical());
        assertEquals("$client~….game.$user~u1.$client~…", scope.toString());
        assertEquals("poll.42", Scope.parse("poll.42").toString());
        StateId id = new StateId(scope, "k");
        assertEquals(false, id.toString().contains("secret"), id.toString());
        assertEquals(false, context.toString().contains("secret"), context.toString());
    }

    @Test
    @DisplayName("knows its parent and depth; a dot inside a resolved id is not a level")
    void parentAndDepth() {
        Scope deep = Scope.parse("poll.42.a");
        assertEquals(3, deep.depth());
        assertEquals(Scope.parse("poll.42"), deep.parent());
        assertEquals(Scope.parse("poll"), deep.parent().parent());
        assertEquals(null, deep.parent().parent().parent());
        assertEquals(1, Scope.parse("poll").depth());
        Scope dotted = Scope.resolve("chat.$client.draft", ScopeContext.empty().withClient("a.b"));
        assertEquals(3, dotted.depth());
        assertEquals("chat.$client~a%2Eb", dotted.parent().canonical());
        assertEquals(ScopeKind.CLIENT, dotted.parent().kind());
        assertEquals(ScopeKind.GLOBAL, dotted.parent().parent().kind());
    }

    @Test
    @DisplayName("gives distinct ids distinct canonical forms")
    void noCollisions() {
        Scope dotted = Scope.resolve("$client", ScopeContext.empty().withClient("a.b"));
        Scope escaped = Scope.resolve("$client", ScopeContext.empty().withClient("a%2Eb"));
        Scope global = Scope.resolve("a", ScopeContext.empty());
        Scope client = Scope.resolve("$client", ScopeContext.empty().withClient("a"));
        assertNotEquals(dotted, escaped);
        assertNotEquals(global, client);
    }

    @Test
    @DisplayName("parses back exactly the canonical forms it prints")
    void parsesCanonicalForms() {
        Scope resolved = Scope.resolve("chat.$client.$user", ALICE);
        assertEquals(resolved, Scope.parse(resolved.canonical()));
        assertEquals(ScopeKind.CLIENT, Scope.parse("chat.$client~x").kind());
        assertEquals(ScopeKind.GLOBAL, Scope.parse("poll.42").kind());
        assertThrows(IllegalArgumentException.class, () -> Scope.parse("chat.$client"));
        assertThrows(IllegalArgumentException.class, () -> Scope.parse("$client~a b"),
                "an id segment that is not percent-encoded is not canonical");
        assertThrows(IllegalArgumentException.class, () -> Scope.parse("$client~%2e"),
                "lower-case escapes are not canonical");
        assertThrows(IllegalArgumentException.class, () -> Scope.parse("$client~%ZZ"));
        assertThrows(IllegalArgumentException.class, () -> Scope.parse("$client~"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a..b", ".a", "a.", "$foo", "chat.$client~abc", "a\u0000b", "a\nb"})
    @DisplayName("refuses malformed application scopes, naming the problem")
    void refusesMalformed(String scope) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Scope.resolve(scope, ALICE));
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    @DisplayName("refuses a placeholder the context cannot resolve")
    void missingContext() {
        MissingScopeContextException e = assertThrows(MissingScopeContextException.class,
                () -> Scope.resolve("$user.x", ScopeContext.empty().withClient("c")));
        assertTrue(e.getMessage().contains("$user.x"), e.getMessage());
    }

    @Test
    @DisplayName("is at most 1,024 UTF-8 bytes once resolved")
    void lengthLimit() {
        String longest = "é".repeat(512);
        assertEquals(longest, Scope.resolve(longest, ALICE).canonical());
        assertThrows(IllegalArgumentException.class, () -> Scope.resolve(longest + "a", ALICE));
        ScopeContext longId = ScopeContext.empty().withClient("x".repeat(1020));
        assertThrows(IllegalArgumentException.class, () -> Scope.resolve("$client", longId));
    }

    @Test
    @DisplayName("contains itself and the scopes nested under it by dots, nothing else")
    void nesting() {
        Scope poll = Scope.parse("poll");
        assertTrue(poll.contains(Scope.parse("poll")));
        assertTrue(poll.contains(Scope.parse("poll.42.a")));
        assertFalse(poll.contains(Scope.parse("pollster")));
        assertFalse(poll.contains(Scope.parse("pol")));
    }

    @Test
    @DisplayName("takes the kind of its shortest-lived placeholder")
    void kinds() {
        assertEquals(ScopeKind.CLIENT, Scope.resolve("$user.$client", ALICE).kind());
        assertEquals(ScopeKind.COMPONENT, Scope.resolve("$user.$component", ALICE).kind());
        assertEquals(ScopeKind.USER, Scope.resolve("$user", ALICE).kind());
    }
}
