package dev.scopedstore.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.scopedstore.ScopeKind;
import dev.scopedstore.ScopeQuery;
import dev.scopedstore.Scopes;
import dev.scopedstore.State;
import dev.scopedstore.StateOptions;
import dev.scopedstore.Store;
import dev.scopedstore.spi.Capability;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Expiry: an idle timeout, re-armed by writes and touches, never by reads. */
abstract class ExpiryTck extends KitGroup {
    private static final Duration TTL = Duration.ofSeconds(10);

    ExpiryTck(StoreConformanceKit kit) {
        super(kit);
    }

    @BeforeEach
    void requireClock() {
        assumeCapability(Capability.TTL_FOLLOWS_CLOCK, "declare it when expiry follows"
                + " BackendContext.clock(), so that the kit can move time");
    }

    private StateOptions expiring(String key) {
        return key(key).ttl(TTL);
    }

    private void advance(long seconds) {
        clock().advance(Duration.ofSeconds(seconds));
    }

    @Test
    @DisplayName("keeps a state while writes and touches re-arm it")
    void writesAndTouchesReArm() {
        State<Integer> s = store().createState(0, expiring("s"));
        advance(5);
        assertTrue(store().hasState(expiring("s")), "5 s of 10");
        s.set(1);
        advance(8);
        assertTrue(store().hasState(expiring("s")), "8 s after a set");
        s.touch();
        advance(8);
        assertTrue(store().hasState(expiring("s")), "8 s after state.touch()");
        assertEquals(1, s.get());
    }

    @Test
    @DisplayName("is listed with when it expires, or none for a state that never does")
    void listedExpiry() {
        store().createState(0, expiring("s"));
        store().createState(0, key("forever"));
        advance(3);
        store().createState(0, expiring("s")).set(1);
        Map<String, Instant> expiries = new HashMap<>();
        list(store(), ScopeQuery.scope(scope())).forEach(e -> expiries.put(e.id().key(), e.expiresAt()));
        assertEquals(clock().instant().plus(TTL), expiries.get("s"), "re-armed by the set");
        assertTrue(expiries.containsKey("forever"));
        assertNull(expiries.get("forever"));
    }

    @Test
    @DisplayName("store.touch(scope) re-arms every state of the scope")
    void touchScope() {
        State<Integer> a = store().createState(1, expiring("a"));
        State<Integer> b = store().createState(2, expiring("b"));
        advance(8);
        assertEquals(2, store().touch(scope()));
        advance(8);
        assertEquals(1, a.get());
        assertEquals(2, b.get());
        assertTrue(store().hasState(expiring("a")));
        assertTrue(store().hasState(expiring("b")));
    }

    @Test
    @DisplayName("is not re-armed by reads")
    void readsDoNotReArm() {
        State<Integer> s = store().createState(0, expiring("s"));
        s.set(1);
        advance(8);
        assertEquals(1, s.get());
        store().hasState(expiring("s"));
        store().getAll(List.of(s));
        list(store(), ScopeQuery.scope(scope()));
        advance(3);
        assertFalse(store().hasState(expiring("s")), "11 s after the last write");
    }

    @Test
    @DisplayName("is gone past its time-to-live: default, not listed, re-created above the old version")
    void expires() {
        State<Integer> s = store().createState(0, expiring("s"));
        State<Integer> keeps = store().createState(5, key("keeps"));
        s.set(7);
        long expiredVersion = s.version();
        advance(11);
        assertFalse(store().hasState(expiring("s")));
        assertEquals(0, s.get());
        assertEquals(0, s.version());
        assertEquals(List.of(0, 5), store().getAll(List.of(s, keeps)));
        assertEquals(List.of(keeps.id()), list(store(), ScopeQuery.nested(scope())).stream()
                .map(e -> e.id()).toList());
        State<Integer> again = store().createState(3, expiring("s"));
        assertEquals(3, again.get());
        assertTrue(again.version() > expiredVersion,
                "re-created at " + again.version() + ", expired at " + expiredVersion);
    }

    @Test
    @DisplayName("applies the store's default per scope kind to states that declare none")
    void defaultTtlPerKind() {
        Store withDefault = openFreshStore(b -> b.defaultTtl(ScopeKind.CLIENT, TTL));
        Store view = withDefault.with(dev.scopedstore.ScopeContext.empty().withClient("A"));
        StateOptions clientDraft = key("draft", Scopes.CLIENT);
        view.createState("mine", clientDraft);
        withDefault.createState("everyone's", key("global"));
        advance(11);
        assertFalse(view.hasState(clientDraft), "a client state expires by default");
        assertTrue(withDefault.hasState(key("global")), "a global state does not");
    }

    @Test
    @DisplayName("never expires with a time-to-live of zero")
    void zeroNeverExpires() {
        Store withDefault = openFreshStore(b -> b.defaultTtl(ScopeKind.GLOBAL, TTL));
        StateOptions forever = key("forever").ttl(Duration.ZERO);
        withDefault.createState(1, forever);
        store().createState(2, key("forever2").ttl(Duration.ZERO));
        clock().advance(Duration.ofDays(400));
        assertTrue(withDefault.hasState(forever), "ZERO overrides the store's default");
        assertTrue(store().hasState(key("forever2")));
    }
}
