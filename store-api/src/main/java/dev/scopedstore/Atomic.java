package dev.scopedstore;

/**
 * Shorthands for the atomic equations of {@link StateOptions#atomic(Atomic)}. With each, a
 * plain {@link State#set} from many writers at once loses no update: the store solves the
 * caller's change {@code x} from the value it last saw ({@code ans}) and the value it sets, and
 * sends only {@code x} to the backend, which applies it atomically.
 *
 * <p>All work element by element on numbers, equal-length numeric arrays and objects whose
 * leaves are numbers, except {@link #APPEND} and {@link #UNION}, which work on arrays.
 */
public enum Atomic {
    /** {@code value = ans + x}: counters, tallies. */
    SUM,
    /** {@code value = ans * x}; a write from {@code ans = 0} cannot be expressed. */
    PRODUCT,
    /** {@code value = max(ans, x)}; a write below {@code ans} cannot be expressed. */
    MAX,
    /** {@code value = min(ans, x)}; a write above {@code ans} cannot be expressed. */
    MIN,
    /** {@code value = ans ++ x}: the new array must extend the one last seen. */
    APPEND,
    /** {@code value = ans ∪ x}: the new array must keep every element last seen. */
    UNION
}
