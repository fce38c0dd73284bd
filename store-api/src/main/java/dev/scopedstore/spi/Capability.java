package dev.scopedstore.spi;

/**
 * What a backend can do natively. The facade uses a native operation where one is declared and
 * a version-conditioned compare-and-set otherwise; the conformance kit runs the tests of every
 * declared capability, so a capability declared but missing fails the kit.
 */
public enum Capability {
    /** {@link AtomicOp.Kind#ADD} in one atomic backend operation. */
    NATIVE_ADD,
    /** {@link AtomicOp.Kind#MULTIPLY} in one atomic backend operation. */
    NATIVE_MULTIPLY,
    /** {@link AtomicOp.Kind#SUBTRACT_FROM} in one atomic backend operation. */
    NATIVE_SUBTRACT_FROM,
    /** {@link AtomicOp.Kind#MAX} in one atomic backend operation. */
    NATIVE_MAX,
    /** {@link AtomicOp.Kind#MIN} in one atomic backend operation. */
    NATIVE_MIN,
    /** {@link AtomicOp.Kind#APPEND} in one atomic backend operation. */
    NATIVE_APPEND,
    /** {@link AtomicOp.Kind#UNION} in one atomic backend operation. */
    NATIVE_UNION,
    /** Expiry follows the facade's {@link java.time.Clock}, so tests can move time. */
    TTL_FOLLOWS_CLOCK,
    /** Changes made through other {@code Store} instances reach this one's subscribers. */
    CHANGE_FEED_ACROSS_INSTANCES,
    /** {@link StateBackend#getAll} reads many states in fewer round trips than one each. */
    BULK_READ,
    /** {@link StateBackend#putAll} writes many states in fewer round trips than one each. */
    BULK_WRITE,
    /** State survives closing and reopening the store. */
    DURABLE;

    /**
     * @param kind an atomic operation
     * @return the capability that declares it native
     */
    public static Capability nativeFor(AtomicOp.Kind kind) {
        return valueOf("NATIVE_" + kind.name());
    }
}
