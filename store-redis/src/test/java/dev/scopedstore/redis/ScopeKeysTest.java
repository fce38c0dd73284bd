package dev.scopedstore.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.scopedstore.Scope;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The per-scope key cache: the same layout as building the keys, whatever the scopes. */
class ScopeKeysTest {
    private final RedisKeys keys = new RedisKeys("ns");

    @Test
    @DisplayName("a scope's cached keys are the documented layout, the scope encoded once")
    void layout() {
        ScopeKeys k = keys.of(Scope.parse("poll.a b"));
        assertEquals("poll.a%20b", k.encoded());
        assertEquals("{ns:poll.a%20b}", k.tag());
        assertEquals("{ns:poll.a%20b}:s:k1", k.state("k1"));
        assertEquals("{ns:poll.a%20b}:i", k.index());
        assertEquals("{ns:poll.a%20b}:v", k.versions());
        assertEquals("{ns:poll.a%20b}:f", k.floor());
        assertEquals("{ns:poll.a%20b}:op:w1", k.marker("w1"));
        assertSame(k, keys.of(Scope.parse("poll.a b")), "built once, then reused");
    }

    @Test
    @DisplayName("scopes that share a cache slot, looked up in turn, each keep their own keys")
    void sharedSlot() {
        Map<Integer, Scope> bySlot = new HashMap<>();
        Scope first = null;
        Scope second = null;
        for (int i = 0; second == null; i++) {
            Scope s = Scope.parse("s" + i);
            Scope other = bySlot.putIfAbsent(s.hashCode() & 1023, s);
            if (other != null) {
                first = other;
                second = s;
            }
        }
        for (int round = 0; round < 3; round++) {
            assertEquals("{ns:" + first.canonical() + "}", keys.of(first).tag());
            assertEquals("{ns:" + second.canonical() + "}", keys.of(second).tag());
            assertEquals("{ns:" + first.canonical() + "}:s:k", keys.of(first).state("k"));
        }
    }
}
