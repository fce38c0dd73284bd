package dev.scopedstore.spi;

import dev.scopedstore.Scope;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Collection;

/**
 * A one-hash Bloom filter in front of {@link ChangeFanout}'s index: one bit per hash of a scope
 * that has subscriptions, so that a write to a scope nobody watches costs one array read, not a
 * hash-map lookup among every subscribed scope. A clear bit proves that a scope has no
 * subscription; a set bit may be shared or stale, and then the index decides.
 *
 * <p>Bits are set only by {@link #mark} and cleared only by {@link #rebuild} from the index, both
 * under the fanout's lock, a scope's bit before its subscription enters the index, so a
 * subscription that exists always has its bit. Sized to about {@value #BITS_PER_SCOPE} bits per
 * subscribed scope (a false positive for about one unwatched scope in eight at most), it grows
 * by doubling and is rebuilt once half as many scopes have lost their last subscription as are
 * marked: both amortised O(1) per subscribe and close.
 */
final class ScopeBits {
    private static final int MIN_WORDS = 64;
    private static final int BITS_PER_SCOPE = 8;
    private static final int REBUILD_AFTER_AT_LEAST = 1024;
    /** Words are written with release under the lock and read with acquire without it. */
    private static final VarHandle WORD = MethodHandles.arrayElementVarHandle(long[].class);

    private volatile long[] words = new long[MIN_WORDS];
    /** Scopes marked into {@link #words} since it was made; under the fanout's lock. */
    private int marked;
    /** Scopes that lost their last subscription since {@link #words} was made; under the lock. */
    private int unmarked;

    /** @return whether {@code scope} may have subscriptions; {@code false} proves it has none */
    boolean mayHave(Scope scope) {
        long[] w = words;
        int h = mix(scope);
        return ((long) WORD.getAcquire(w, word(h, w)) & (1L << h)) != 0;
    }

    /**
     * Sets a scope's bit, growing first if the filter is full; call under the fanout's lock,
     * before the scope's subscription enters the index.
     *
     * @param scope the scope about to get a subscription
     * @param indexed every scope in the index now, for a rebuild
     */
    void mark(Scope scope, Collection<Scope> indexed) {
        if ((long) (marked + 1) * BITS_PER_SCOPE > (long) words.length * Long.SIZE) {
            rebuild(indexed);
        }
        set(words, scope);
        marked++;
    }

    /**
     * Notes that a scope lost its last subscription; call under the fanout's lock.
     *
     * @return whether enough scopes did to make the filter anew
     */
    boolean unmarked() {
        unmarked++;
        return unmarked >= REBUILD_AFTER_AT_LEAST && unmarked * 2L >= marked;
    }

    /**
     * Makes the filter anew from the index, at a size with room to double; call under the
     * fanout's lock.
     *
     * @param indexed every scope in the index now
     */
    void rebuild(Collection<Scope> indexed) {
        int scopes = indexed.size();
        long bits = Math.max((long) MIN_WORDS * Long.SIZE, 2L * (scopes + 1) * BITS_PER_SCOPE);
        int length = (int) Math.min(1 << 26, Long.highestOneBit(bits - 1) * 2 / Long.SIZE);
        long[] fresh = new long[length];
        int count = 0;
        for (Scope scope : indexed) {
            set(fresh, scope);
            count++;
        }
        marked = count;
        unmarked = 0;
        words = fresh;
    }

    private static void set(long[] w, Scope scope) {
        int h = mix(scope);
        int i = word(h, w);
        long bit = 1L << h;
        if ((w[i] & bit) == 0) {
            WORD.setRelease(w, i, w[i] | bit);   // every writer holds the fanout's lock
        }
    }

    private static int mix(Scope scope) {
        int h = scope.hashCode() * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private static int word(int h, long[] w) {
        return (h >>> 6) & (w.length - 1);
    }
}
